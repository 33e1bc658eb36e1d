import type { APIRoute, GetStaticPaths } from 'astro';
import { planned } from '../../../lib/plan.ts';
import { batchesCsv, breakdownsCsv, statisticsJson } from '../../../lib/relief-statistics.ts';
import { type ReliefBatchEntry, reliefProgrammes } from '../../../sections/relief.ts';

/** The statistics of each programme as downloads: batches.csv, breakdowns.csv, statistics.json. */
const FILES = {
  'batches.csv': 'text/csv; charset=utf-8',
  'breakdowns.csv': 'text/csv; charset=utf-8',
  'statistics.json': 'application/json; charset=utf-8',
} as const;

export const getStaticPaths = (async () =>
  planned(
    '/relief/[programme]/[file]',
    (await reliefProgrammes()).flatMap(({ programme, batches }) =>
      (Object.keys(FILES) as (keyof typeof FILES)[]).map((file) => ({
        params: { programme: programme.id, file },
        props: { file, programme: { name: programme.data.name, slug: programme.id }, batches },
      })),
    ),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { file, programme, batches } = props as {
    file: keyof typeof FILES;
    programme: { name: string; slug: string };
    batches: ReliefBatchEntry[];
  };
  const body =
    file === 'batches.csv'
      ? batchesCsv(batches)
      : file === 'breakdowns.csv'
        ? breakdownsCsv(batches)
        : `${JSON.stringify(statisticsJson(programme, batches), null, 2)}\n`;
  return new Response(body, { headers: { 'Content-Type': FILES[file] } });
};
