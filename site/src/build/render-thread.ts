import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { configureImages, imageRecord } from '../images/runtime.ts';

// A second rendering thread of a full build (parallel-render.ts): it imports the build's own
// prerender bundle, as Astro's default prerenderer does on the main thread, and renders the
// pages it is handed. What Astro's build environment reads while rendering (each page's
// stylesheets, the settings' scripts) comes from the main thread, as plain data; images that
// pages ask astro:assets for are added to the main thread's list, synchronously, as Astro's own
// addStaticImage does (the URL an image gets is decided there, once for the whole build).

interface Init {
  entryUrl: string;
  /** The output folder the main thread's image store links variants into. */
  outDir: string | undefined;
  /** The build's encoder slots: two encodes at once for both threads together. */
  encoderSlots: SharedArrayBuffer;
  pages: [key: string, data: { styles: unknown[] }][];
  scripts: unknown[];
  port: MessagePort;
  images: MessagePort;
  signal: SharedArrayBuffer;
}

interface RenderAsk {
  id: number;
  url: string;
  route: string;
  component: string;
}

interface BuildApp {
  manifest: { routes: { routeData: { route: string; component: string } }[] };
  setInternals(internals: unknown): void;
  setOptions(options: unknown): void;
  render(request: Request, options: { routeData: unknown }): Promise<Response>;
}

const init = workerData as Init;
// The main thread planned every page and listed the ones it renders for the publisher's search
// step (render-plan.ts, SITE_PLANNED_PAGES); this thread plans routes again as it meets them,
// for their props, and must not list their pages a second time. (A thread has its own copy of
// the environment.)
delete process.env.SITE_PLANNED_PAGES;
const signal = new Int32Array(init.signal);

// Astro's assets module asks globalThis.astroAsset.addStaticImage for the path of every image
// a page uses during a build; on this thread the main thread answers (it holds the build's list).
let nextImage = 0;
(globalThis as { astroAsset?: Record<string, unknown> }).astroAsset = {
  referencedImages: new Set(),
  addStaticImage(options: unknown, hashProperties: unknown, originalPath: unknown): string {
    const ask = ++nextImage;
    Atomics.store(signal, 0, 0);
    init.images.postMessage({ ask, options, hashProperties, originalPath });
    // The main thread answers between two of its own tasks: well under a millisecond, and only
    // for the pages whose bodies have photos.
    if (Atomics.wait(signal, 0, 0, 60_000) === 'timed-out') throw new Error('渲染线程等待主线程登记图片超时（60 秒）');
    const answer = receiveMessageOnPort(init.images)?.message as { ask: number; path?: string; error?: string } | undefined;
    if (!answer || answer.ask !== ask) throw new Error('渲染线程收到的图片登记回复与请求不符');
    if (answer.error !== undefined) throw new Error(answer.error);
    return answer.path as string;
  },
};

// The image store links the variants a page uses into the same output folder as the main
// thread's; what it encoded and found is handed over when the build ends (the build's report).
if (init.outDir) configureImages({ outDir: init.outDir, encoderSlots: init.encoderSlots });

const entry = (await import(init.entryUrl)) as { app: BuildApp };
const app = entry.app;
const pages = new Map(init.pages);
app.setInternals({ pagesByKeys: pages, entrySpecifierToBundleMap: new Map() });
app.setOptions({
  settings: { scripts: init.scripts },
  logger: {
    options: {
      // Astro's warnings and errors while rendering, passed to the main thread's log.
      destination: {
        write(event: { level: string; label: string | null; message: string }) {
          if (event.level === 'warn' || event.level === 'error') {
            init.port.postMessage({ log: { level: event.level, label: event.label, message: event.message } });
          }
          return true;
        },
      },
    },
  },
});
const routes = new Map(app.manifest.routes.map(({ routeData }) => [`${routeData.route}\0${routeData.component}`, routeData]));

init.port.on('message', async (ask: RenderAsk | { record: true }) => {
  if ('record' in ask) {
    init.port.postMessage({ record: imageRecord() });
    return;
  }
  const { id, url, route, component } = ask;
  try {
    const routeData = routes.get(`${route}\0${component}`);
    if (!routeData) throw new Error(`渲染线程找不到路由 ${route}（${component}）`);
    const response = await app.render(new Request(url), { routeData });
    const body = response.body === null ? null : await response.arrayBuffer();
    init.port.postMessage(
      { id, status: response.status, statusText: response.statusText, headers: [...response.headers], body },
      body ? [body] : [],
    );
  } catch (error) {
    const e = error as Error;
    init.port.postMessage({ id, error: { message: e.message, stack: e.stack, name: e.name } });
  }
});
init.port.postMessage({ ready: true });
