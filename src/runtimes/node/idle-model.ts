/**
 * A one-node Identity model. Creating (and releasing) a session of it makes onnxruntime-node set
 * up its environment (allocators, thread pools, kernel registry: ~27 MB of RSS on this machine)
 * before the idle baseline is taken, so that node-native's memory.peak is what the model adds.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorProto_DataType,
  TensorShapeProtoSchema,
  TensorShapeProto_DimensionSchema,
  TypeProtoSchema,
  TypeProto_TensorSchema,
  ValueInfoProtoSchema,
} from 'onnx-buf';

function scalarFloat(name: string) {
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, {
      value: {
        case: 'tensorType',
        value: create(TypeProto_TensorSchema, {
          elemType: TensorProto_DataType.FLOAT,
          shape: create(TensorShapeProtoSchema, { dim: [create(TensorShapeProto_DimensionSchema, { value: { case: 'dimValue', value: 1n } })] }),
        }),
      },
    }),
  });
}

export function idleModelBytes(): Uint8Array {
  const graph = create(GraphProtoSchema, {
    name: 'idle',
    node: [create(NodeProtoSchema, { opType: 'Identity', input: ['x'], output: ['y'] })],
    input: [scalarFloat('x')],
    output: [scalarFloat('y')],
  });
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, { irVersion: 8n, opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: 17n })], graph }));
}
