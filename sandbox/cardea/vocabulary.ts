import type { TestPlan } from './assays';

export const QC_USERS = ['Avery Chen', 'Priya Natarajan', 'Jonah Fischer', 'Mei Lin Tan', 'Olu Adeyemi', 'Sofia Reyes'];
export const REVIEWERS = ['Dana Whitfield', 'Marcus Bell', 'Hana Kobayashi'];

export const TUMOUR_ORIGINS = ['Lv', 'Pa', 'Lu', 'Co', 'Br', 'Ov', 'Pr', 'Kd', 'Bn'];

export const LIBRARY_SIZES: Record<TestPlan['design'], readonly [number, number]> = {
  WG: [350, 650],
  WT: [250, 450],
  EX: [250, 400],
  TS: [200, 350],
  CM: [250, 350],
  SW: [250, 320],
  PG: [450, 600],
};
