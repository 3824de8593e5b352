/**
 * Runs the two-at-a-time tier's files longest first, so the last file to start is a short one and
 * neither worker idles at the end while the other finishes a long file. vitest orders files by
 * their last duration when it has a cache, by size otherwise, and CI starts from a clean clone
 * with no cache: ci-sample.test.ts, small but a minute long, then started last and ran alone.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Measured on this project's 2-core runner (seconds, clean clone): longest first. */
const LONGEST_FIRST = [
  'test/robustness/ci-sample.test.ts', // 96
  'test/e2e/native-and-parity.test.ts', // 85
  'test/e2e/ab.test.ts', // 61, then 72 with the Silero run's 40 s
  'test/e2e/package.test.ts', // 45
  'test/e2e/runtime-versions.test.ts', // 44
  'test/integration/benches.test.ts', // 39
  'test/e2e/run-models.test.ts', // 35
  'test/e2e/config.test.ts', // 28
  'test/e2e/runtime-adapter.test.ts', // 24
];

function rank(spec: TestSpecification): number {
  const index = LONGEST_FIRST.findIndex((file) => spec.moduleId.endsWith(file));
  return index < 0 ? LONGEST_FIRST.length : index;
}

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // The projects keep vitest's order (tiers run one after another); within one, longest first.
    const projectAt = new Map<string, number>();
    for (const [index, spec] of sorted.entries()) if (!projectAt.has(spec.project.name)) projectAt.set(spec.project.name, index);
    const place = (spec: TestSpecification) => projectAt.get(spec.project.name) ?? 0;
    const ordered = sorted.map((spec, index) => ({ spec, index }));
    ordered.sort((a, b) => place(a.spec) - place(b.spec) || rank(a.spec) - rank(b.spec) || a.index - b.index);
    return ordered.map(({ spec }) => spec);
  }
}
