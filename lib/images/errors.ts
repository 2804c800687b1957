/**
 * A problem with one input file (unreadable PNG, size mismatch, non-binary mask). lib/ knows
 * nothing of .pipe locations; the data plugin turns it into a config error on the option that
 * named the folder, keeping the file name in the message.
 */
export class ImageFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    /** Which folder option the file came from. */
    readonly role: 'image' | 'label',
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ImageFileError';
  }
}

/** The options do not fit the data found (crop larger than the images, too few images to hold out). */
export class ImageOptionError extends Error {
  constructor(
    readonly option: 'crop' | 'validation',
    message: string,
  ) {
    super(message);
    this.name = 'ImageOptionError';
  }
}
