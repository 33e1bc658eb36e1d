import type { z } from 'zod';
import { reliefProgrammeObject } from './generated/contracts.ts';

/** A relief programme (救助项目), e.g. 贫困妇女“四癌”救助. */
export const reliefProgrammeSchema = reliefProgrammeObject;

export type ReliefProgramme = z.infer<typeof reliefProgrammeSchema>;
