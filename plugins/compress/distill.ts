/**
 * `compress distill from small, teacher { temperature: 4, alpha: 0.7, epochs: 10, baseline: true, seeds: 3 }`:
 * knowledge distillation. The student (first Model input) is trained on
 * α·T²·KL(teacher_T ‖ student_T) + (1 − α)·CE(labels); the teacher (second) stays fixed. With
 * `baseline`, the same student from the same initialisation and batch order is also trained on
 * the labels alone for the same epochs; with `seeds: n`, both are repeated from n
 * initialisations (the first is the input student's) and reported as mean and spread.
 */
import * as tf from '@tensorflow/tfjs';
import { definePlugin } from '../../kernel/plugin.js';
import { compressionOf, denseBytes, distillLoss, withCompression } from '../../lib/compress/index.js';
import { checkDataset, type TensorDataset } from '../../lib/data/index.js';
import { checkModel, evaluateClassifier, initModel, outputSize, paramsToTensors, type Model } from '../../lib/nn/index.js';
import { checkFit, checkTrainConfig } from '../train/common.js';
import { compressSchema, plainParametrisation, reportCompressed, trainStage, type CompressTrainConfig } from './common.js';

export interface DistillConfig extends CompressTrainConfig {
  temperature: number;
  alpha: number;
  epochs: number;
  baseline: boolean;
  seeds: number;
}

async function accuracy(model: Model, ds: TensorDataset): Promise<number> {
  const p = paramsToTensors(model.params);
  try {
    return (await evaluateClassifier(model.arch, p, ds.splits.test ?? ds.splits.train!, ds.numClasses)).accuracy;
  } finally {
    tf.dispose(Object.values(p));
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);

export const distillPlugin = definePlugin<DistillConfig, Model>({
  id: 'compress/distill',
  version: '1.0.0',
  kind: 'compress',
  description: 'Knowledge distillation: a student trained on the teacher’s softened outputs and the labels',
  configSchema: compressSchema(
    {
      temperature: { type: 'number', exclusiveMinimum: 0, default: 4 },
      alpha: { type: 'number', minimum: 0, maximum: 1, default: 0.7, description: 'weight of the soft (teacher) term' },
      baseline: { type: 'boolean', default: false, description: 'also train the student on the labels alone, for comparison' },
      seeds: { type: 'integer', minimum: 1, maximum: 20, default: 1, description: 'initialisations of the student to average over' },
    },
    { name: 'epochs', default: 10 },
    1e-3,
  ),
  inputs: {
    student: { type: 'Model', description: 'the (untrained) student' },
    teacher: { type: 'Model', description: 'the trained teacher' },
    data: { type: 'Dataset' },
  },
  output: 'Model',
  check: (c) => checkTrainConfig(c),
  async run(ctx, inputs, c) {
    const student = inputs.student as Model;
    const teacher = inputs.teacher as Model;
    const ds = inputs.data as TensorDataset;
    checkModel(student);
    checkModel(teacher);
    checkDataset(ds);
    const [so, to] = [outputSize(student.arch), outputSize(teacher.arch)];
    if (so !== to) ctx.configError([], `the teacher has ${to} outputs but the student has ${so}; distillation matches them class by class`, 'give both models the same output layer size');
    checkFit(student, ds);
    checkFit(teacher, ds);
    const teacherParams = paramsToTensors(teacher.params);
    const loss = distillLoss(student.arch, { spec: teacher.arch, params: teacherParams }, { temperature: c.temperature, alpha: c.alpha });
    const distilled: number[] = [];
    const alone: number[] = [];
    let first: Model | undefined;
    try {
      for (let s = 0; s < c.seeds; s++) {
        const start = s === 0 ? student : initModel(student.arch, ctx.rng.fork(`init${s}`));
        const runs: [string, number[], typeof loss | undefined][] = [['', distilled, loss]];
        if (c.baseline) runs.push(['baseline_', alone, undefined]);
        for (const [prefix, into, l] of runs) {
          const p = plainParametrisation(start);
          try {
            // Same label for both runs: the same batch order and dropout seeds.
            await trainStage(ctx, c, start, ds, p, c.epochs, { ...(l ? { loss: l } : {}), rngLabel: `train${s}`, metricPrefix: s === 0 ? prefix : `${prefix}seed${s}_` });
            const trained = await p.read();
            into.push(await accuracy(trained, ds));
            if (s === 0 && l) first = trained;
          } finally {
            p.dispose();
          }
        }
        ctx.log(`seed ${s + 1}: distilled ${distilled.at(-1)!.toFixed(4)}${c.baseline ? `, alone ${alone.at(-1)!.toFixed(4)}` : ''}`);
      }
    } finally {
      tf.dispose(Object.values(teacherParams));
    }
    const extra: Record<string, number> = {
      teacher_accuracy: await accuracy(teacher, ds),
      distilled_accuracy_mean: mean(distilled),
      distilled_accuracy_std: std(distilled),
    };
    if (c.baseline) Object.assign(extra, { baseline_accuracy_mean: mean(alone), baseline_accuracy_std: std(alone), distillation_gain: mean(distilled) - mean(alone) });
    const meta = compressionOf(first!);
    meta.referenceBytes = denseBytes(teacher);
    meta.steps.push('distill');
    const out = withCompression({ ...first!, meta: { ...student.meta, compression: meta } }, meta);
    const metrics = await reportCompressed(ctx, out, ds, { extra, ...(c.export ? { exportPath: c.export } : {}) });
    return { output: out, result: { ...metrics, distilled, ...(c.baseline ? { alone } : {}) } };
  },
  docs: 'Teacher–student distillation with temperature and a soft/hard mix; optional label-only baseline over several seeds. See docs/plugins/compress-distill.md.',
});
