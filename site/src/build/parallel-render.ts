import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { AstroIntegration, AstroIntegrationLogger, AstroPrerenderer } from 'astro';
import { siteEnv } from '../env.ts';
import { Limiter } from '../images/limiter.ts';
import { addImageRecord, configuredOutDir, encoderSlots } from '../images/runtime.ts';
import type { ImageStoreRecord } from '../images/store.ts';

/**
 * Renders the pages of a big build on two threads. Astro renders every page on the build's
 * main thread (its `build.concurrency` overlaps waiting, not work), and a full build at 1x spent
 * 21 s there, rendering 14,700 pages, while the machine's other core had little to do: Hugo,
 * on the same corpus, uses both. Astro lets an integration put its own prerenderer around the
 * default one (`setPrerenderer`); this one starts a second thread that imports the same
 * prerender bundle (render-thread.ts) and hands it a share of the pages, while the main thread
 * renders the rest and writes every file, as before. Astro still decides every path, writes
 * every page and encodes the images: the thread only turns a request into a response.
 * (Astro is patched to write each page synchronously, site/patches/astro@7.3.5.patch: the main
 * thread then goes long stretches without returning to its event loop, so it collects the
 * thread's finished pages itself whenever it hands out the next one; see available().)
 *
 * A build that renders fewer than RENDER_THREAD_MIN_PAGES pages (an edit's) keeps one thread:
 * starting the second costs about as much as rendering a few hundred pages; so does one of more
 * than RENDER_THREAD_MAX_PAGES, for memory (below). SITE_RENDER_THREADS
 * (1 or 2) decides whatever the size: the differential test renders its small full builds on two.
 */
export const RENDER_THREAD_MIN_PAGES = 2000;

/**
 * Pages in flight on each thread. Astro hands over up to build.concurrency (8) at once; the main
 * thread renders at most four of them at a time, as Astro did alone (a page waits on reading its
 * body and writing its file; at 1x one at a time took 33-47 s, four 21 s, eight 24 s), and the
 * second thread takes four, enough to keep it busy while the main thread writes files.
 */
const MAIN_IN_FLIGHT = 4;
const IN_FLIGHT = 4;

interface PageData {
  styles: unknown[];
}

interface Answer {
  id?: number;
  ready?: true;
  record?: ImageStoreRecord | null;
  log?: { level: 'warn' | 'error'; label: string | null; message: string };
  status?: number;
  statusText?: string;
  headers?: [string, string][];
  body?: ArrayBuffer | null;
  error?: { message: string; stack?: string; name?: string };
}

interface ImageQuestion {
  ask: number;
  options: unknown;
  hashProperties: unknown;
  originalPath: unknown;
}

type DefaultPrerenderer = AstroPrerenderer & {
  app?: { getSettings(): { scripts: { stage: string }[] } };
};

class RenderThread {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #pending = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void }>();
  #next = 0;
  #ready = false;
  readonly #started = Promise.withResolvers<void>();
  #failure: Error | null = null;
  #stopping = false;
  #recorded: ((record: ImageStoreRecord | null) => void) | null = null;
  readonly #images: MessagePort;
  readonly #imageAnswered: Int32Array;
  readonly #logger: AstroIntegrationLogger;
  inFlight = 0;

  constructor(entryUrl: string, pages: Map<string, PageData>, scripts: unknown[], logger: AstroIntegrationLogger) {
    // A build that does not wait for the start would leave the rejection unhandled.
    this.#started.promise.catch(() => {});
    const work = new MessageChannel();
    const images = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const flag = new Int32Array(signal);
    this.#port = work.port1;
    // Only what the thread's build environment reads while rendering: each page's stylesheets.
    const shared = [...pages].map(([key, data]) => [key, { styles: data.styles }] as const);
    this.#worker = new Worker(new URL('./render-thread.ts', import.meta.url), {
      workerData: {
        entryUrl,
        outDir: configuredOutDir(),
        encoderSlots: encoderSlots(),
        pages: shared,
        scripts,
        port: work.port2,
        images: images.port2,
        signal,
      },
      transferList: [work.port2, images.port2],
    });
    this.#images = images.port1;
    this.#imageAnswered = flag;
    images.port1.on('message', (question: ImageQuestion) => this.#answerImage(question));
    images.port1.unref();
    work.port1.on('message', (answer: Answer) => this.#receive(answer));
    const fail = (error: Error) => {
      this.#failure ??= error;
      this.#started.reject(this.#failure);
      for (const waiting of this.#pending.values()) waiting.reject(this.#failure);
      this.#pending.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => {
      if (!this.#stopping) fail(new Error(`渲染线程异常退出（退出码 ${code}）`));
    });
    this.#logger = logger;
  }

  /** The thread asks astro:assets to register an image, and waits, blocked, for the answer. */
  #answerImage({ ask, options, hashProperties, originalPath }: ImageQuestion): void {
    let answer: { ask: number; path?: string; error?: string };
    try {
      const add = (globalThis as { astroAsset?: { addStaticImage?: (...args: unknown[]) => string } }).astroAsset?.addStaticImage;
      if (!add) throw new Error('主线程没有 astro:assets 的图片登记（addStaticImage）');
      answer = { ask, path: add(options, hashProperties, originalPath) };
    } catch (error) {
      answer = { ask, error: (error as Error).message };
    }
    this.#images.postMessage(answer);
    Atomics.store(this.#imageAnswered, 0, 1);
    Atomics.notify(this.#imageAnswered, 0);
  }

  #receive(answer: Answer): void {
    if (answer.ready) {
      this.#ready = true;
      this.#started.resolve();
      return;
    }
    if (answer.record !== undefined) {
      this.#recorded?.(answer.record);
      return;
    }
    if (answer.log) {
      const { level, label, message } = answer.log;
      this.#logger[level](`${label ? `[${label}] ` : ''}${message}`);
      return;
    }
    const waiting = answer.id === undefined ? undefined : this.#pending.get(answer.id);
    if (!waiting || answer.id === undefined) return;
    this.#pending.delete(answer.id);
    this.inFlight--;
    if (answer.error) {
      const error = new Error(answer.error.message);
      error.name = answer.error.name ?? 'Error';
      if (answer.error.stack) error.stack = answer.error.stack;
      waiting.reject(error);
      return;
    }
    waiting.resolve(
      new Response(answer.body ?? null, {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers,
      }),
    );
  }

  /** Settles when the thread has imported the bundle and can take pages, or has failed. */
  get started(): Promise<void> {
    return this.#started.promise;
  }

  /**
   * Whether a page may be handed over now: started, healthy, and not already busy enough. The
   * thread's finished pages are taken first, without waiting for the event loop: the main
   * thread's own pages render and are written without returning to it for long stretches, and
   * the thread would sit idle with its answers queued.
   */
  available(): boolean {
    for (let m = receiveMessageOnPort(this.#images); m; m = receiveMessageOnPort(this.#images)) {
      this.#answerImage(m.message as ImageQuestion);
    }
    for (let m = receiveMessageOnPort(this.#port); m; m = receiveMessageOnPort(this.#port)) {
      this.#receive(m.message as Answer);
    }
    return this.#ready && this.#failure === null && this.inFlight < IN_FLIGHT;
  }

  render(request: Request, route: { route: string; component: string }): Promise<Response> {
    const id = this.#next++;
    this.inFlight++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#port.postMessage({ id, url: request.url, route: route.route, component: route.component });
    });
  }

  /**
   * Ends the thread once its pages are done, after adding what its image store did to the build's
   * (the report of images encoded and reused counts every page's).
   */
  async stop(): Promise<void> {
    if (this.#ready && this.#failure === null) {
      const record = await new Promise<ImageStoreRecord | null>((resolve, reject) => {
        this.#recorded = resolve;
        this.#worker.once('exit', () => reject(this.#failure ?? new Error('渲染线程在交回图片统计前退出')));
        this.#port.postMessage({ record: true });
      });
      if (record) addImageRecord(record);
    }
    this.#stopping = true;
    await this.#worker.terminate();
    if (this.#failure) throw new Error(`渲染线程出错：${this.#failure.message}`, { cause: this.#failure });
  }
}

/**
 * Above this many pages a build stays on one thread, for memory: the second thread holds its
 * own copy of the documents, cards and keys. At 3x (43,606 pages) it added 60-70 MB to the
 * build and the cold publish, and the first publish ever, encoding every image, peaked at
 * 2,097 MB against 1,992 MB on one thread (the goal is 2 GB); the publish service's 3x cold
 * publish was no faster with it (161 s against 152 s: its search staging waits for a core).
 * At 1x (14,727 pages) it costs 60 MB and saves 3-5 s of the render.
 */
export const RENDER_THREAD_MAX_PAGES = 30_000;

/** Whether a build of this many pages renders on two threads (SITE_RENDER_THREADS decides first). */
export function threadsWanted(pages: number, env: NodeJS.ProcessEnv, cores = availableParallelism()): boolean {
  const threads = siteEnv(env).SITE_RENDER_THREADS;
  if (threads !== 'auto') return threads === '2';
  return cores > 1 && pages >= RENDER_THREAD_MIN_PAGES && pages <= RENDER_THREAD_MAX_PAGES;
}

export function parallelRender(env: NodeJS.ProcessEnv = process.env): AstroIntegration {
  let pages: Map<string, PageData> | undefined;
  let entryFile: string | undefined;
  return {
    name: 'fulian:parallel-render',
    hooks: {
      'astro:build:setup': ({ pages: built, target, updateConfig }) => {
        pages = built as unknown as Map<string, PageData>;
        if (target !== 'server') return;
        // The prerender bundle's entry, as the bundler writes it: the thread imports the very
        // file the main thread's default prerenderer imports.
        updateConfig({
          plugins: [
            {
              name: 'fulian:prerender-entry',
              writeBundle(options: { dir?: string }, bundle: Record<string, unknown>) {
                for (const file of Object.keys(bundle)) {
                  if (file.startsWith('prerender-entry') && options.dir) entryFile = join(options.dir, file);
                }
              },
            },
          ],
        });
      },
      'astro:build:start': ({ setPrerenderer, logger }) => {
        setPrerenderer((fallback: AstroPrerenderer) => {
          const main = fallback as DefaultPrerenderer;
          const slots = new Limiter(MAIN_IN_FLIGHT);
          let thread: RenderThread | null = null;
          const rendered = { main: 0, thread: 0 };
          return {
            name: 'fulian:two-threads',
            setup: () => main.setup?.() ?? Promise.resolve(),
            async getStaticPaths() {
              const paths = await main.getStaticPaths();
              const scripts = main.app?.getSettings().scripts ?? [];
              if (threadsWanted(paths.length, env)) {
                if (!entryFile || !pages) throw new Error('找不到预渲染入口文件，无法启动第二个渲染线程');
                // A page script's bundle map is not handed over: such a site renders on one thread.
                if (scripts.some((s) => s.stage === 'page')) {
                  logger.info('站点有页面脚本：只用一个线程渲染');
                } else {
                  thread = new RenderThread(pathToFileURL(entryFile).href, pages, scripts, logger);
                  // Asked for two threads, a build waits for the second to start: a small site
                  // would otherwise be rendered on the main thread before it is ready (the tests
                  // compare builds on one and on two threads). Left to decide, a big build
                  // starts on the main thread at once and the second joins when ready.
                  if (siteEnv(env).SITE_RENDER_THREADS === '2') await thread.started;
                }
              }
              return paths;
            },
            async render(request, options) {
              if (thread?.available() && !options.collectMetadata) {
                rendered.thread++;
                return thread.render(request, options.routeData);
              }
              rendered.main++;
              return slots.run(() => main.render(request, options));
            },
            async teardown() {
              const started = thread;
              thread = null;
              try {
                await started?.stop();
              } finally {
                await main.teardown?.();
              }
              if (started) logger.info(`页面由两个线程渲染：主线程 ${rendered.main} 个，第二线程 ${rendered.thread} 个`);
            },
          };
        });
      },
    },
  };
}
