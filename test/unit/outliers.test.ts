import { describe, it, expect } from 'vitest';
import { OUTLIER_Z, countOutliers } from '../../src/stats/outliers.js';

/*
 * Modified z-score: 0.6745·|x − median| / MAD > 3.5, with the nearest-rank median (x[⌈n/2⌉]) of the
 * samples and of their absolute deviations.
 */

describe('countOutliers: modified z-score with MAD', () => {
  it('uses 3.5 as the cut-off', () => {
    expect(OUTLIER_Z).toBe(3.5);
  });

  it('[10,10,11,11,12,12,100]: one outlier', () => {
    // median x(4) = 11; deviations sorted 0,0,1,1,1,1,89 → MAD x(4) = 1.
    // z(100) = 0.6745·89 = 60.03 > 3.5; z(10) = z(12) = 0.6745.
    expect(countOutliers([10, 10, 11, 11, 12, 12, 100])).toBe(1);
  });

  it('the cut-off between 16 and 17', () => {
    // Same median 11 and MAD 1 (deviations 0,0,1,1,1,1,d): z = 0.6745·5 = 3.3725 ≤ 3.5 for 16,
    // z = 0.6745·6 = 4.047 > 3.5 for 17.
    expect(countOutliers([10, 10, 11, 11, 12, 12, 16])).toBe(0);
    expect(countOutliers([10, 10, 11, 11, 12, 12, 17])).toBe(1);
  });

  it('counts both sides', () => {
    // n = 8: median x(4) = 11; deviations 61,1,1,0,0,1,1,89 sorted 0,0,1,1,1,1,61,89 → MAD x(4) = 1.
    expect(countOutliers([-50, 10, 10, 11, 11, 12, 12, 100])).toBe(2);
  });

  it('is robust to the outliers themselves: a second far value is counted too', () => {
    // n = 9: median x(5) = 12; deviations 2,2,1,1,0,1,1,88,988 sorted 0,1,1,1,1,2,2,88,988 → MAD x(5) = 1.
    expect(countOutliers([10, 10, 11, 11, 12, 13, 13, 100, 1000])).toBe(2);
  });

  it('a spread-out sample without a far value has none', () => {
    // 1..9: median 5, deviations 0,1,1,2,2,3,3,4,4 → MAD x(5) = 2; largest z = 0.6745·4/2 = 1.349.
    expect(countOutliers([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe(0);
  });

  it('fewer than 3 samples: 0', () => {
    expect(countOutliers([])).toBe(0);
    expect(countOutliers([5])).toBe(0);
    expect(countOutliers([1, 1000])).toBe(0);
  });

  it('all equal: 0 (MAD and mean deviation both 0)', () => {
    expect(countOutliers([7, 7, 7])).toBe(0);
    expect(countOutliers([3, 3, 3, 3, 3, 3, 3, 3])).toBe(0);
  });
});

describe('countOutliers: MAD = 0 fallback (more than half the samples tie)', () => {
  it('nine ties and one far value: one outlier (the ties themselves are not)', () => {
    // [5×9, 50]: median x(5) = 5, deviations 0×9, 45 → MAD x(5) = 0 → mean absolute deviation 45/10 = 4.5.
    // As implemented: spread = 1.2533·4.5/0.6745 ≈ 8.3615, z(50) = 0.6745·45/8.3615 ≈ 3.630 > 3.5.
    // (Iglewicz–Hoaglin's fallback, 45/(1.2533·4.5) ≈ 7.98, agrees.)
    expect(countOutliers([5, 5, 5, 5, 5, 5, 5, 5, 5, 50])).toBe(1);
  });

  // MAD = 0 fallback: z = |x − median| / (1.2533·meanAD) (Iglewicz–Hoaglin).
  // [5×8, 50]: meanAD = 45/9 = 5; z = 45/(1.2533·5) ≈ 7.18 → 1 outlier (dividing instead of
  // multiplying by 0.6745 would shrink it to ≈ 3.27 and miss it).
  it('eight ties and one far value: 50 (and 1e9) is the outlier', () => {
    expect(countOutliers([5, 5, 5, 5, 5, 5, 5, 5, 50])).toBe(1);
    expect(countOutliers([5, 5, 5, 5, 5, 5, 5, 5, 1e9])).toBe(1);
  });

  // [5×5, 6, 50]: median x(4) = 5, deviations 0×5, 1, 45 → MAD 0, meanAD = 46/7 ≈ 6.571;
  // z(50) = 45/(1.2533·6.571) ≈ 5.46 → 1 outlier; z(6) ≈ 0.12 → not.
  it('five ties, a near value and a far one: 50 is the one outlier', () => {
    expect(countOutliers([5, 5, 5, 5, 5, 6, 50])).toBe(1);
  });
});
