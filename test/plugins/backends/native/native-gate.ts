/**
 * The native tests run in both states of a checkout: with the addon built they check parity,
 * without it they check the one thing that must then hold, a clear error that says how to build.
 */
import { BUILD_HINT, loadNativeAddon, nativeBackend } from '../../../../plugins/backends/native/index.js';

export const nativeBuilt = loadNativeAddon().addon !== null;

export const onNative = (): Promise<void> => nativeBackend.activate();

/** When unbuilt: activate() must fail with the build instructions. Returns true if so. */
export async function unbuiltErrorChecked(): Promise<boolean> {
  if (nativeBuilt) return false;
  await expect(nativeBackend.activate()).rejects.toThrow(BUILD_HINT);
  return true;
}
