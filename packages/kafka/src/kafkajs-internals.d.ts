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
declare module 'kafkajs/src/protocol/error.js' {
  const protocolError: {
    /** Every Kafka error code kafkajs knows, with the message its errors carry. */
    errorCodes: Array<{ type: string; code: number; retriable: boolean; message: string }>;
  };
  export default protocolError;
}
