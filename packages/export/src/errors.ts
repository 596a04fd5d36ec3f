/** A file could not be read back: wrong header, wrong column count, truncated. Names file and line. */
export class FileFormatError extends Error {
  readonly code = 'FILE_FORMAT';
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'FileFormatError';
    this.file = file;
    this.line = line;
  }
}
