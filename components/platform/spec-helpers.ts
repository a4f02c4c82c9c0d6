/** Older import path of the shared spec builders; everything lives in `components/shared/specs.ts`. */
export * from "../shared/specs";
