/**
 * A float64 reference for every layer, written with naive loops straight from each operation's
 * definition (no im2col, no GEMM, no shared code with the native core). Tests compare the native
 * float32 results with it, and take tangents and curvatures from it by finite differences.
 */
import type { LayerSpec } from '../../lib/layers.js';

export type F64 = Float64Array;
export type Params = Record<string, F64>;

export interface OracleLayer {
  inShape: number[];
  outShape: number[];
  /** trainable tensors (name -> shape), in state_dict order */
  params: [string, number[]][];
  forward(x: F64, n: number, p: Params): F64;
  /** gx = J(x)ᵀ gy */
  backwardData(x: F64, gy: F64, n: number, p: Params): F64;
  /** d<gy, y>/dθ */
  paramGrads(x: F64, gy: F64, n: number, p: Params): Params;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

function convAxis(inLen: number, k: number, s: number, pad: LayerSpecPadding): [number, number] {
  if (pad === 'same') {
    const out = Math.ceil(inLen / s);
    return [out, Math.floor(Math.max((out - 1) * s + k - inLen, 0) / 2)];
  }
  const p = pad === 'valid' || pad === undefined ? 0 : pad;
  return [Math.floor((inLen + 2 * p - k) / s) + 1, p];
}
type LayerSpecPadding = 'same' | 'valid' | number | undefined;

function pair(k: number | [number, number]): [number, number] {
  return typeof k === 'number' ? [k, k] : k;
}

function conv2d(inShape: number[], filters: number, kernel: number | [number, number], stride: number, padding: LayerSpecPadding): OracleLayer {
  const [C, H, W] = inShape;
  const [kh, kw] = pair(kernel);
  const [OH, pt] = convAxis(H, kh, stride, padding);
  const [OW, pl] = convAxis(W, kw, stride, padding);
  const F = filters;
  // every (output, input, weight) index triple that a convolution multiplies
  const taps = (visit: (b: number, f: number, oy: number, ox: number, c: number, iy: number, ix: number, w: number) => void, n: number) => {
    for (let b = 0; b < n; b++)
      for (let f = 0; f < F; f++)
        for (let oy = 0; oy < OH; oy++)
          for (let ox = 0; ox < OW; ox++)
            for (let c = 0; c < C; c++)
              for (let i = 0; i < kh; i++)
                for (let j = 0; j < kw; j++) {
                  const iy = oy * stride - pt + i, ix = ox * stride - pl + j;
                  if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                  visit(b, f, oy, ox, c, iy, ix, ((f * C + c) * kh + i) * kw + j);
                }
  };
  const yi = (b: number, f: number, oy: number, ox: number) => ((b * F + f) * OH + oy) * OW + ox;
  const xi = (b: number, c: number, iy: number, ix: number) => ((b * C + c) * H + iy) * W + ix;
  return {
    inShape,
    outShape: [F, OH, OW],
    params: [['weight', [F, C, kh, kw]], ['bias', [F]]],
    forward(x, n, p) {
      const y = new Float64Array(n * F * OH * OW);
      for (let b = 0; b < n; b++) for (let f = 0; f < F; f++) for (let q = 0; q < OH * OW; q++) y[(b * F + f) * OH * OW + q] = p.bias[f];
      taps((b, f, oy, ox, c, iy, ix, w) => (y[yi(b, f, oy, ox)] += p.weight[w] * x[xi(b, c, iy, ix)]), n);
      return y;
    },
    backwardData(_x, gy, n, p) {
      const gx = new Float64Array(n * C * H * W);
      taps((b, f, oy, ox, c, iy, ix, w) => (gx[xi(b, c, iy, ix)] += p.weight[w] * gy[yi(b, f, oy, ox)]), n);
      return gx;
    },
    paramGrads(x, gy, n) {
      const gw = new Float64Array(F * C * kh * kw), gb = new Float64Array(F);
      taps((b, f, oy, ox, c, iy, ix, w) => (gw[w] += gy[yi(b, f, oy, ox)] * x[xi(b, c, iy, ix)]), n);
      for (let b = 0; b < n; b++) for (let f = 0; f < F; f++) for (let q = 0; q < OH * OW; q++) gb[f] += gy[(b * F + f) * OH * OW + q];
      return { weight: gw, bias: gb };
    },
  };
}

// torch.nn.ConvTranspose2d: y[b][o][iy·s - p + i][ix·s - p + j] += x[b][c][iy][ix] · W[c][o][i][j];
// 'same' as TensorFlow's conv2d_transpose: output in·s, padding floor(max((in-1)·s + k - in·s, 0)/2).
function conv2dTranspose(inShape: number[], filters: number, kernel: number | [number, number], stride: number, padding: LayerSpecPadding, outputPadding: number): OracleLayer {
  const [C, h, w] = inShape;
  const [kh, kw] = pair(kernel);
  const O = filters;
  const axis = (inLen: number, k: number): [number, number] => {
    if (padding === 'same') return [inLen * stride, Math.floor(Math.max((inLen - 1) * stride + k - inLen * stride, 0) / 2)];
    const p = padding === 'valid' || padding === undefined ? 0 : padding;
    return [(inLen - 1) * stride - 2 * p + k + outputPadding, p];
  };
  const [H, pt] = axis(h, kh);
  const [W, pl] = axis(w, kw);
  const taps = (visit: (xIndex: number, yIndex: number, wIndex: number, b: number) => void, n: number) => {
    for (let b = 0; b < n; b++)
      for (let c = 0; c < C; c++)
        for (let iy = 0; iy < h; iy++)
          for (let ix = 0; ix < w; ix++)
            for (let o = 0; o < O; o++)
              for (let i = 0; i < kh; i++)
                for (let j = 0; j < kw; j++) {
                  const oy = iy * stride - pt + i, ox = ix * stride - pl + j;
                  if (oy < 0 || oy >= H || ox < 0 || ox >= W) continue;
                  visit(((b * C + c) * h + iy) * w + ix, ((b * O + o) * H + oy) * W + ox, ((c * O + o) * kh + i) * kw + j, b);
                }
  };
  return {
    inShape,
    outShape: [O, H, W],
    params: [['weight', [C, O, kh, kw]], ['bias', [O]]],
    forward(x, n, p) {
      const y = new Float64Array(n * O * H * W);
      for (let b = 0; b < n; b++) for (let o = 0; o < O; o++) for (let q = 0; q < H * W; q++) y[(b * O + o) * H * W + q] = p.bias[o];
      taps((xi, yi, wi) => (y[yi] += x[xi] * p.weight[wi]), n);
      return y;
    },
    backwardData(_x, gy, n, p) {
      const gx = new Float64Array(n * C * h * w);
      taps((xi, yi, wi) => (gx[xi] += gy[yi] * p.weight[wi]), n);
      return gx;
    },
    paramGrads(x, gy, n) {
      const gw = new Float64Array(C * O * kh * kw), gb = new Float64Array(O);
      taps((xi, yi, wi) => (gw[wi] += gy[yi] * x[xi]), n);
      for (let b = 0; b < n; b++) for (let o = 0; o < O; o++) for (let q = 0; q < H * W; q++) gb[o] += gy[(b * O + o) * H * W + q];
      return { weight: gw, bias: gb };
    },
  };
}

function dense(inShape: number[], units: number): OracleLayer {
  const I = size(inShape);
  return {
    inShape,
    outShape: [units],
    params: [['weight', [units, I]], ['bias', [units]]],
    forward(x, n, p) {
      const y = new Float64Array(n * units);
      for (let b = 0; b < n; b++)
        for (let o = 0; o < units; o++) {
          let s = p.bias[o];
          for (let i = 0; i < I; i++) s += p.weight[o * I + i] * x[b * I + i];
          y[b * units + o] = s;
        }
      return y;
    },
    backwardData(_x, gy, n, p) {
      const gx = new Float64Array(n * I);
      for (let b = 0; b < n; b++) for (let o = 0; o < units; o++) for (let i = 0; i < I; i++) gx[b * I + i] += p.weight[o * I + i] * gy[b * units + o];
      return gx;
    },
    paramGrads(x, gy, n) {
      const gw = new Float64Array(units * I), gb = new Float64Array(units);
      for (let b = 0; b < n; b++)
        for (let o = 0; o < units; o++) {
          gb[o] += gy[b * units + o];
          for (let i = 0; i < I; i++) gw[o * I + i] += gy[b * units + o] * x[b * I + i];
        }
      return { weight: gw, bias: gb };
    },
  };
}

function elementwise(inShape: number[], f: (x: number) => number, df: (x: number) => number): OracleLayer {
  return {
    inShape,
    outShape: inShape,
    params: [],
    forward: (x) => x.map(f),
    backwardData: (x, gy) => gy.map((g, i) => g * df(x[i])),
    paramGrads: () => ({}),
  };
}

function copyLayer(inShape: number[], outShape: number[]): OracleLayer {
  return { inShape, outShape, params: [], forward: (x) => x.slice(), backwardData: (_x, gy) => gy.slice(), paramGrads: () => ({}) };
}

function crop2d(inShape: number[], cropping: Extract<LayerSpec, { type: 'crop2d' }>['cropping']): OracleLayer {
  let t: number, bo: number, l: number, r: number;
  if (typeof cropping === 'number') [t, bo, l, r] = [cropping, cropping, cropping, cropping];
  else if (typeof cropping[0] === 'number') [t, bo, l, r] = [cropping[0], cropping[0], cropping[1] as number, cropping[1] as number];
  else [[t, bo], [l, r]] = cropping as [[number, number], [number, number]];
  const [C, H, W] = inShape;
  const oh = H - t - bo, ow = W - l - r;
  const map = (n: number, visit: (big: number, small: number) => void) => {
    for (let b = 0; b < n; b++) for (let c = 0; c < C; c++) for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++)
      visit(((b * C + c) * H + y + t) * W + x + l, ((b * C + c) * oh + y) * ow + x);
  };
  return {
    inShape,
    outShape: [C, oh, ow],
    params: [],
    forward(x, n) {
      const y = new Float64Array(n * C * oh * ow);
      map(n, (big, small) => (y[small] = x[big]));
      return y;
    },
    backwardData(_x, gy, n) {
      const gx = new Float64Array(n * C * H * W);
      map(n, (big, small) => (gx[big] = gy[small]));
      return gx;
    },
    paramGrads: () => ({}),
  };
}

/** Nearest-neighbour upsampling: output (y, x) copies input (⌊y/f⌋, ⌊x/f⌋). */
function upsample2d(inShape: number[], f: number): OracleLayer {
  const [C, H, W] = inShape;
  const map = (n: number, visit: (big: number, small: number) => void) => {
    for (let b = 0; b < n; b++) for (let c = 0; c < C; c++) for (let y = 0; y < H * f; y++) for (let x = 0; x < W * f; x++)
      visit(((b * C + c) * H * f + y) * W * f + x, ((b * C + c) * H + Math.floor(y / f)) * W + Math.floor(x / f));
  };
  return {
    inShape,
    outShape: [C, H * f, W * f],
    params: [],
    forward(x, n) {
      const y = new Float64Array(n * C * H * W * f * f);
      map(n, (big, small) => (y[big] = x[small]));
      return y;
    },
    backwardData(_x, gy, n) {
      const gx = new Float64Array(n * C * H * W);
      map(n, (big, small) => (gx[small] += gy[big]));
      return gx;
    },
    paramGrads: () => ({}),
  };
}

/** A linear map given by the (output, input, weight) triples it sums. */
function linearMap(inShape: number[], outShape: number[], taps: (n: number, visit: (out: number, inp: number, w: number) => void) => void): OracleLayer {
  return {
    inShape,
    outShape,
    params: [],
    forward(x, n) {
      const y = new Float64Array(n * size(outShape));
      taps(n, (o, i, w) => (y[o] += w * x[i]));
      return y;
    },
    backwardData(_x, gy, n) {
      const gx = new Float64Array(n * size(inShape));
      taps(n, (o, i, w) => (gx[i] += w * gy[o]));
      return gx;
    },
    paramGrads: () => ({}),
  };
}

function avgPool2d(inShape: number[], p: number): OracleLayer {
  const [C, H, W] = inShape;
  const [oh, ow] = [H / p, W / p];
  return linearMap(inShape, [C, oh, ow], (n, visit) => {
    for (let b = 0; b < n; b++) for (let c = 0; c < C; c++) for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++)
      for (let i = 0; i < p; i++) for (let j = 0; j < p; j++)
        visit(((b * C + c) * oh + y) * ow + x, ((b * C + c) * H + y * p + i) * W + x * p + j, 1 / (p * p));
  });
}

function globalAvgPool(inShape: number[]): OracleLayer {
  const [C, H, W] = inShape;
  return linearMap(inShape, [C], (n, visit) => {
    for (let b = 0; b < n; b++) for (let c = 0; c < C; c++) for (let k = 0; k < H * W; k++) visit(b * C + c, (b * C + c) * H * W + k, 1 / (H * W));
  });
}

/** torch.nn.PixelShuffle(r): out[c][h·r+i][w·r+j] = in[c·r² + i·r + j][h][w]. */
function depthToSpace(inShape: number[], r: number): OracleLayer {
  const [Cin, H, W] = inShape;
  const C = Cin / (r * r);
  return linearMap(inShape, [C, H * r, W * r], (n, visit) => {
    for (let b = 0; b < n; b++) for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++)
      for (let i = 0; i < r; i++) for (let j = 0; j < r; j++)
        visit(((b * C + c) * H * r + h * r + i) * W * r + w * r + j, ((b * Cin + c * r * r + i * r + j) * H + h) * W + w, 1);
  });
}

/** shortcut(x) + scale·body(x), composed from the branches' oracle layers; parameters named '<branch>.<j>.<name>'. */
function residual(inShape: number[], spec: LayerSpec & { type: 'residual' }, labels: Int32Array): OracleLayer {
  const chain = (specs: LayerSpec[]) => {
    const layers: OracleLayer[] = [];
    let shape = inShape;
    for (const s of specs) {
      layers.push(oracleLayer(s, shape, labels));
      shape = layers.at(-1)!.outShape;
    }
    return layers;
  };
  const branches = { body: chain(spec.body), shortcut: chain(spec.shortcut ?? []) };
  const a = spec.scale ?? 1;
  const own = (branch: 'body' | 'shortcut', j: number, p: Params): Params =>
    Object.fromEntries(branches[branch][j].params.map(([name]) => [name, p[`${branch}.${j}.${name}`]]));
  const acts = (branch: 'body' | 'shortcut', x: F64, n: number, p: Params) => {
    const out = [x];
    branches[branch].forEach((l, j) => out.push(l.forward(out[j], n, own(branch, j, p))));
    return out;
  };
  // The input gradient of a branch for seed gy, and the gradients at every layer output on the way.
  const backward = (branch: 'body' | 'shortcut', x: F64, gy: F64, n: number, p: Params) => {
    const a_ = acts(branch, x, n, p);
    const gs: F64[] = [];
    let g = gy;
    for (let j = branches[branch].length - 1; j >= 0; j--) {
      gs[j] = g;
      g = branches[branch][j].backwardData(a_[j], g, n, own(branch, j, p));
    }
    return { gx: g, gs, acts: a_ };
  };
  return {
    inShape,
    outShape: branches.body.at(-1)!.outShape,
    params: (['body', 'shortcut'] as const).flatMap((branch) =>
      branches[branch].flatMap((l, j) => l.params.map(([name, shape]) => [`${branch}.${j}.${name}`, shape] as [string, number[]])),
    ),
    forward(x, n, p) {
      const s = acts('shortcut', x, n, p).at(-1)!, bo = acts('body', x, n, p).at(-1)!;
      return s.map((v, i) => v + a * bo[i]);
    },
    backwardData(x, gy, n, p) {
      const gb = backward('body', x, gy.map((g) => a * g), n, p).gx, gs = backward('shortcut', x, gy, n, p).gx;
      return gs.map((g, i) => g + gb[i]);
    },
    paramGrads(x, gy, n, p) {
      const out: Params = {};
      for (const branch of ['body', 'shortcut'] as const) {
        const { gs, acts: a_ } = backward(branch, x, branch === 'body' ? gy.map((g) => a * g) : gy, n, p);
        branches[branch].forEach((l, j) => {
          for (const [name, grad] of Object.entries(l.paramGrads(a_[j], gs[j], n, own(branch, j, p)))) out[`${branch}.${j}.${name}`] = grad;
        });
      }
      return out;
    },
  };
}

/** Normalisation over groups of elements; γ/β indexed by `param`. Backward via the explicit Jacobian
 *  dn_i/dx_j = (δij - 1/m - n_i n_j / m)/σ. */
function normalization(inShape: number[], groupsOf: (n: number) => number[][], paramIndex: (flat: number) => number, paramShape: number[]): OracleLayer {
  const eps = 1e-5;
  const stats = (x: F64, g: number[]) => {
    const m = g.length;
    const mean = g.reduce((s, i) => s + x[i], 0) / m;
    const sigma = Math.sqrt(g.reduce((s, i) => s + (x[i] - mean) ** 2, 0) / m + eps);
    return { mean, sigma };
  };
  return {
    inShape,
    outShape: inShape,
    params: [['weight', paramShape], ['bias', paramShape]],
    forward(x, n, p) {
      const y = new Float64Array(x.length);
      for (const g of groupsOf(n)) {
        const { mean, sigma } = stats(x, g);
        for (const i of g) y[i] = p.weight[paramIndex(i)] * ((x[i] - mean) / sigma) + p.bias[paramIndex(i)];
      }
      return y;
    },
    backwardData(x, gy, n, p) {
      const gx = new Float64Array(x.length);
      for (const g of groupsOf(n)) {
        const { mean, sigma } = stats(x, g);
        const m = g.length;
        for (const j of g)
          for (const i of g) {
            const jac = ((i === j ? 1 : 0) - 1 / m - ((x[i] - mean) / sigma) * ((x[j] - mean) / sigma) / m) / sigma;
            gx[j] += gy[i] * p.weight[paramIndex(i)] * jac;
          }
      }
      return gx;
    },
    paramGrads(x, gy, n) {
      const count = size(paramShape);
      const gw = new Float64Array(count), gb = new Float64Array(count);
      for (const g of groupsOf(n)) {
        const { mean, sigma } = stats(x, g);
        for (const i of g) {
          gw[paramIndex(i)] += gy[i] * ((x[i] - mean) / sigma);
          gb[paramIndex(i)] += gy[i];
        }
      }
      return { weight: gw, bias: gb };
    },
  };
}

function layerNorm(inShape: number[]): OracleLayer {
  const m = size(inShape);
  const groups = (n: number) => Array.from({ length: n }, (_, b) => Array.from({ length: m }, (_, k) => b * m + k));
  return normalization(inShape, groups, (flat) => flat % m, inShape);
}

// Training-mode batch normalisation (batch statistics); running statistics are not modelled here.
// The groups of batch normalisation: channel c over every sample and pixel.
const channelGroups = (C: number, plane: number) => (n: number) =>
  Array.from({ length: C }, (_, c) => {
    const g: number[] = [];
    for (let b = 0; b < n; b++) for (let p = 0; p < plane; p++) g.push((b * C + c) * plane + p);
    return g;
  });

function batchNorm(inShape: number[]): OracleLayer {
  const C = inShape[0], plane = size(inShape) / C;
  return normalization(inShape, channelGroups(C, plane), (flat) => Math.floor(flat / plane) % C, [C]);
}

// Class-conditional batch normalisation: batchNorm's groups, γ/β picked from [classes, C] tables by the
// sample's label.
function conditionalBatchNorm(inShape: number[], classes: number, labels: Int32Array): OracleLayer {
  const C = inShape[0], plane = size(inShape) / C;
  const tableIndex = (flat: number) => labels[Math.floor(flat / (C * plane))] * C + (Math.floor(flat / plane) % C);
  return normalization(inShape, channelGroups(C, plane), tableIndex, [classes, C]);
}

// y_b = [x_b, E[label_b]]
function labelEmbedding(inShape: number[], classes: number, dim: number, labels: Int32Array): OracleLayer {
  const F = size(inShape), W = F + dim;
  return {
    inShape,
    outShape: [W],
    params: [['weight', [classes, dim]]],
    forward(x, n, p) {
      const y = new Float64Array(n * W);
      for (let b = 0; b < n; b++) {
        for (let j = 0; j < F; j++) y[b * W + j] = x[b * F + j];
        for (let j = 0; j < dim; j++) y[b * W + F + j] = p.weight[labels[b] * dim + j];
      }
      return y;
    },
    backwardData(_x, gy, n) {
      const gx = new Float64Array(n * F);
      for (let b = 0; b < n; b++) for (let j = 0; j < F; j++) gx[b * F + j] = gy[b * W + j];
      return gx;
    },
    paramGrads(_x, gy, n) {
      const gw = new Float64Array(classes * dim);
      for (let b = 0; b < n; b++) for (let j = 0; j < dim; j++) gw[labels[b] * dim + j] += gy[b * W + F + j];
      return { weight: gw };
    },
  };
}

/** The oracle of one layer; label-reading layers take the batch's labels here. */
export function oracleLayer(spec: LayerSpec, inShape: number[], labels: Int32Array = new Int32Array(0)): OracleLayer {
  switch (spec.type) {
    case 'dense':
      return dense(inShape, spec.units);
    case 'conv2d':
      return conv2d(inShape, spec.filters, spec.kernelSize, spec.strides ?? 1, spec.padding);
    case 'conv2dTranspose':
      return conv2dTranspose(inShape, spec.filters, spec.kernelSize, spec.strides ?? 1, spec.padding, spec.outputPadding ?? 0);
    case 'crop2d':
      return crop2d(inShape, spec.cropping);
    case 'flatten':
      return copyLayer(inShape, [size(inShape)]);
    case 'reshape':
      return copyLayer(inShape, spec.targetShape);
    case 'relu':
      return elementwise(inShape, (x) => Math.max(x, 0), (x) => (x > 0 ? 1 : 0));
    case 'leakyRelu': {
      const a = spec.alpha ?? 0.2;
      return elementwise(inShape, (x) => (x > 0 ? x : a * x), (x) => (x > 0 ? 1 : a));
    }
    case 'tanh':
      return elementwise(inShape, Math.tanh, (x) => 1 - Math.tanh(x) ** 2);
    case 'sigmoid': {
      const s = (x: number) => 1 / (1 + Math.exp(-x));
      return elementwise(inShape, s, (x) => s(x) * (1 - s(x)));
    }
    case 'layerNorm':
      return layerNorm(inShape);
    case 'batchNorm':
      return batchNorm(inShape);
    case 'conditionalBatchNorm':
      return conditionalBatchNorm(inShape, spec.classes, labels);
    case 'labelEmbedding':
      return labelEmbedding(inShape, spec.classes, spec.dim, labels);
    case 'upsample2d':
      return upsample2d(inShape, spec.factor ?? 2);
    case 'avgPool2d':
      return avgPool2d(inShape, spec.poolSize ?? 2);
    case 'globalAvgPool':
      return globalAvgPool(inShape);
    case 'depthToSpace':
      return depthToSpace(inShape, spec.blockSize);
    case 'residual':
      return residual(inShape, spec, labels);
  }
}
