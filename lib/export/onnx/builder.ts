/** Building an ONNX graph with the ModelProto classes of onnx-proto (protobufjs): initializers, nodes
 *  and their attributes, then one encoded model. */
import onnxProto from 'onnx-proto';
import type { Tensor } from '../../sequential.js';

const { onnx } = onnxProto;
type Attribute = InstanceType<typeof onnx.AttributeProto>;

/** The opset the graph is written for: LayerNormalization needs 17. */
export const ONNX_OPSET = 17;

export const attr = {
  int: (name: string, i: number): Attribute => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i }),
  ints: (name: string, ints: number[]): Attribute => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints }),
  float: (name: string, f: number): Attribute => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f }),
  string: (name: string, s: string): Attribute =>
    onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(s) }),
};

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export class OnnxGraph {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];

  /** A float32 initializer (raw little-endian data, as onnxruntime and PyTorch write them). */
  weight(name: string, t: Tensor): string {
    this.initializers.push(onnx.TensorProto.create({ name, dims: t.shape, dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytesOf(t.data) }));
    return name;
  }

  /** An int64 initializer (shapes, slice bounds). */
  int64s(name: string, values: number[]): string {
    const data = BigInt64Array.from(values.map(BigInt));
    this.initializers.push(onnx.TensorProto.create({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: bytesOf(data) }));
    return name;
  }

  /** One node; its single output is named after the node. */
  node(opType: string, name: string, inputs: string[], attribute: Attribute[] = []): string {
    this.nodes.push(onnx.NodeProto.create({ opType, name, input: inputs, output: [name], attribute }));
    return name;
  }

  /** The encoded ModelProto: input z [N, ...inputShape] (and an int64 label input [N] where named), output
   *  `output` [N, ...outputShape]. */
  encode(options: { input: string; inputShape: number[]; labelInput?: string; output: string; outputShape: number[]; producerVersion: string; metadata: Record<string, string> }): Uint8Array {
    const value = (name: string, shape: number[], elemType: number = onnx.TensorProto.DataType.FLOAT) =>
      onnx.ValueInfoProto.create({
        name,
        type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'N' }, ...shape.map((dimValue) => ({ dimValue }))] } } },
      });
    const labels = options.labelInput ? [value(options.labelInput, [], onnx.TensorProto.DataType.INT64)] : [];
    const model = onnx.ModelProto.create({
      irVersion: onnx.Version.IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      producerName: 'wgan-gp',
      producerVersion: options.producerVersion,
      graph: {
        name: 'generator',
        node: this.nodes,
        initializer: this.initializers,
        input: [value(options.input, options.inputShape), ...labels],
        output: [value(options.output, options.outputShape)],
      },
      metadataProps: Object.entries(options.metadata).map(([key, value]) => ({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
