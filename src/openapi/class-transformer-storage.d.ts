// class-transformer keeps the @Type() metadata in a module its typings describe under types/ but ship under cjs/.
declare module 'class-transformer/cjs/storage' {
  export const defaultMetadataStorage: import('class-transformer/types/MetadataStorage').MetadataStorage;
}
