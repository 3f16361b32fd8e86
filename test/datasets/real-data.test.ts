/**
 * Real data: builds a few projected binary Fashion-MNIST pairs from the files
 * of Debian's dataset-fashion-mnist package (`.ci/run` installs it) and
 * evaluates the hand-designed baselines on them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProjectedDatasets } from '../../src/datasets/builder';
import { buildPairTasks, evaluateOnPairs } from '../../src/datasets/evaluate';
import { parseSourceSpec } from '../../src/datasets/source-spec';
import { DEFAULT_MEMORY_SIZES } from '../../src/ir/memory';
import { clearDatasetCache } from '../../src/tasks/dataset-file';
import { loadAlgorithmFile } from '../../src/text/load';
import { tempDir } from './helpers';

/** Overridable for machines that keep Fashion-MNIST elsewhere. */
const FASHION_MNIST = process.env.AUTOML_ZERO_FASHION_MNIST ?? '/usr/share/datasets/fashion-mnist';
const present = existsSync(join(FASHION_MNIST, 'train-images-idx3-ubyte.gz')) && existsSync(join(FASHION_MNIST, 'train-labels-idx1-ubyte.gz'));
if (!present) {
  console.warn(`SKIPPED real-data test: ${FASHION_MNIST}/train-{images-idx3,labels-idx1}-ubyte.gz not found `
    + '(install them with: apt-get install -y dataset-fashion-mnist; .ci/run does this)');
}

const SAMPLES = join(__dirname, '../../samples/algorithms');
const tmp = tempDir('fashion');
afterAll(() => tmp.cleanup());

describe.skipIf(!present)('real Fashion-MNIST (dataset-fashion-mnist package)', () => {
  it('builds held-out pairs and the baselines classify them well above chance', async () => {
    clearDatasetCache();
    const out = join(tmp.dir, 'fashion_mnist');
    const source = parseSourceSpec(FASHION_MNIST);
    expect(source.defaultName).toBe('fashion_mnist');
    // Classes 0 (T-shirt/top), 5 (sandal), 9 (ankle boot), 4 (coat), 6 (shirt): pairs include the held-out (0,5), (0,9), (4,6).
    const report = await buildProjectedDatasets(source, {
      outDir: out, name: 'fashion_mnist', dim: 16, seeds: [0, 1], classes: [0, 4, 5, 6, 9], numTrain: 1000, numValid: 200, numTest: 200,
    });
    expect(report.examplesRead).toBe(60000);
    expect(report.inputDim).toBe(784);
    expect(report.files).toHaveLength(10 * 2);

    const sizes = DEFAULT_MEMORY_SIZES;
    const algorithms = ['linear', 'neural_net'].map((n) => ({ name: n, algorithm: loadAlgorithmFile(join(SAMPLES, `${n}.txt`), sizes) }));
    const pairs = [[0, 5], [0, 9], [4, 6]] as const;
    for (const split of ['valid', 'test'] as const) {
      const tasks = buildPairTasks({ dataDir: out, name: 'fashion_mnist', dim: 16, pairs, seeds: [0, 1], split });
      const results = evaluateOnPairs(algorithms, tasks, { sizes, seed: 1 });
      for (const r of results) {
        expect(r.mean).toBeGreaterThan(0.8);
        for (const p of r.pairs) expect(p.accuracy).toBeGreaterThan(0.65); // (4,6) coat vs shirt is the hard one
        // Sandal / ankle boot vs T-shirt: nearly separable.
        expect(r.pairs[0]!.accuracy).toBeGreaterThan(0.9);
      }
    }
  });
});
