// Type declarations for the parts of NLP.js the understanding uses (the packages ship none).

declare module '@nlpjs/neural' {
  export type FeatureVector = Record<string, number>;
  export type TrainingItem = { input: FeatureVector; output: Record<string, number> };
  export type TrainingStatus = { iterations: number; error: number; deltaError: number };
  export type NeuralSettings = {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean;
  };
  export class NeuralNetwork {
    constructor(settings?: NeuralSettings);
    train(corpus: TrainingItem[]): TrainingStatus;
    run(input: FeatureVector): Record<string, number> | undefined;
  }
}

declare module '@nlpjs/similarity' {
  export class SpellCheck {
    constructor(settings?: { features?: Record<string, number>; minLength?: number });
    setFeatures(features: Record<string, number>): void;
    checkToken(token: string, distance: number): string;
  }
}

declare module '@nlpjs/lang-ru' {
  export class StemmerRu {
    stemWord(word: string): string;
  }
}
declare module '@nlpjs/lang-uk' {
  export class StemmerUk {
    stemWord(word: string): string;
  }
}
declare module '@nlpjs/lang-pl' {
  export class StemmerPl {
    stemWord(word: string): string;
  }
}
declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stemWord(word: string): string;
  }
}
