/**
 * What makes a run conditional, and what it asks of its data: a generator that reads labels and a critic whose
 * output is [score, K logits] (the native trainer holds the two to the same K), trained on data whose labels
 * have K classes. Checked once the data is open, before the first iteration.
 */
import type { ClassInfo } from '../datasets/index.js';
import { DatasetError, ModelSpecError } from '../errors.js';
import type { Sequential } from '../sequential.js';

/** The classes a pair of models is conditioned on: the generator's label input or the critic's head; 0 for neither. */
export function conditionedClasses(generator: Sequential, critic: Sequential): number {
  return generator.labelClasses || (critic.outputSize > 1 ? critic.outputSize - 1 : 0);
}

const listed = (c: ClassInfo) => `${c.count} classes (${c.names.slice(0, 5).join(', ')}${c.count > 5 ? ', ...' : ''})`;

/** Checks that a conditional pair's data has labels of its `classes` (and, resuming, the checkpoint's classes). */
export function requireLabelledData(classes: number, data: ClassInfo | null, dataset: string, resumed?: ClassInfo | null): void {
  if (!data)
    throw new DatasetError(
      `the models are conditional (${classes} classes) but the dataset '${dataset}' has no class labels: ` +
        'use MNIST, Fashion-MNIST, an image folder with one subfolder per class, a packed file of one, or arrays with labels',
    );
  if (data.count !== classes)
    throw new ModelSpecError(`the models are conditioned on ${classes} classes but the dataset '${dataset}' has ${listed(data)}`);
  if (resumed && resumed.names.join('\n') !== data.names.join('\n'))
    throw new DatasetError(`the checkpoint's run was trained on ${listed(resumed)}, but the dataset '${dataset}' has ${listed(data)}`);
}
