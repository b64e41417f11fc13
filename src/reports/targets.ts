/**
 * The campaign targets the coverage columns compare with, from the province's plan (../shared/seeds/
 * 03-tuyen-quang-ke-hoach-tinh-uy-47-KH-TU.txt, section III "Chỉ tiêu cụ thể"): adults with basic digital
 * knowledge and skills, 80 % in 2025 and 100 % in 2026. The plan's other adult target (certified on
 * VNeID: 50 % / 80 %) is not compared: the assistant cannot know who was certified there.
 */
export const PLAN_SOURCE =
  'Kế hoạch số 47-KH/TU ngày 09/9/2025 của Ban Thường vụ Tỉnh ủy Tuyên Quang triển khai thực hiện Phong trào “Bình dân học vụ số”, mục III (Chỉ tiêu cụ thể)';

export interface PlanTarget {
  year: number;
  /** Percent of adults. */
  percent: number;
}

/** "Người dân trong độ tuổi trưởng thành có tri thức cơ bản về chuyển đổi số, có kỹ năng số". */
export const ADULT_SKILL_TARGETS: readonly PlanTarget[] = [
  { year: 2025, percent: 80 },
  { year: 2026, percent: 100 },
];

/** People needed to reach a target share of `adults` (rounded up). */
export function targetCount(adults: number, percent: number): number {
  return Math.ceil((adults * percent) / 100);
}
