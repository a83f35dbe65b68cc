// kafkajs ships no types for its protocol codec; these are the few members we use.
declare module 'kafkajs/src/protocol/encoder.js' {
  export default class Encoder {
    writeNullableArray(values: string[] | null): Encoder;
    writeBoolean(value: boolean): Encoder;
  }
}
declare module 'kafkajs/src/protocol/decoder.js' {
  export default class Decoder {
    constructor(buffer: Buffer);
    readInt16(): number;
    readInt32(): number;
    readString(): string | null;
    readBoolean(): boolean;
    readArray<T>(reader: (decoder: Decoder) => T): T[];
  }
}
