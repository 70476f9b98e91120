import { cifarPreset } from './cifar.js';
import { mnistPreset } from './mnist.js';
import type { Preset } from './preset.js';
import { toyPreset } from './toy.js';

export type { Preset } from './preset.js';

export const PRESETS: Record<string, Preset> = {
  'toy-8gaussians': toyPreset('toy-8gaussians', 'gan_toy.py on 8 gaussians (MLP 512x3, batch 256, lambda 0.1)'),
  'toy-25gaussians': toyPreset('toy-25gaussians', 'gan_toy.py on 25 gaussians (MLP 512x3, batch 256, lambda 0.1)'),
  'toy-swissroll': toyPreset('toy-swissroll', 'gan_toy.py on the swiss roll (MLP 512x3, batch 256, lambda 0.1)'),
  mnist: mnistPreset('mnist'),
  'fashion-mnist': mnistPreset('fashion-mnist'),
  cifar: cifarPreset('cifar'),
  images32: cifarPreset('images32'),
};

export const PRESET_NAMES = Object.keys(PRESETS) as [string, ...string[]];
