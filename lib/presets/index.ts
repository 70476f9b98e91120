import { cifarPreset } from './cifar.js';
import { dcgan64Preset } from './dcgan64.js';
import { mnistConditionalLongPreset, mnistConditionalPreset, mnistFastPreset, mnistPreset } from './mnist.js';
import type { Preset } from './preset.js';
import { cifarResnetConditionalPreset, cifarResnetPreset, resnet64Preset } from './resnet.js';
import { toyFastPreset, toyPreset } from './toy.js';

export type { Preset } from './preset.js';

export const PRESETS: Record<string, Preset> = {
  'toy-8gaussians': toyPreset('toy-8gaussians'),
  'toy-8gaussians-fast': toyFastPreset('toy-8gaussians'),
  'toy-25gaussians': toyPreset('toy-25gaussians'),
  'toy-25gaussians-fast': toyFastPreset('toy-25gaussians'),
  'toy-swissroll': toyPreset('toy-swissroll'),
  'toy-swissroll-fast': toyFastPreset('toy-swissroll'),
  mnist: mnistPreset('mnist'),
  'mnist-fast': mnistFastPreset(),
  'mnist-conditional': mnistConditionalPreset(),
  'mnist-conditional-long': mnistConditionalLongPreset(),
  'fashion-mnist': mnistPreset('fashion-mnist'),
  cifar: cifarPreset('cifar'),
  images32: cifarPreset('images32'),
  images: cifarPreset('images'),
  dcgan64: dcgan64Preset(),
  'cifar-resnet': cifarResnetPreset(),
  'cifar-resnet-conditional': cifarResnetConditionalPreset(),
  resnet64: resnet64Preset(),
};

export const PRESET_NAMES = Object.keys(PRESETS) as [string, ...string[]];
