// Loading the module's native library at import, in one call from the module.
using System;
using System.IO;
using System.Management.Automation;

namespace LightningSync.Interop
{
    /// <summary>
    /// Loads the native library from runtimes/&lt;rid&gt;/native/ beside the
    /// manifest (by full path, so the process-wide DLL search state is never
    /// changed) and checks its ABI version: one call, so the import runs as
    /// little PowerShell as it can.
    /// </summary>
    public static class ModuleNativeLoader
    {
        /// <summary>
        /// Loads the library under moduleRoot and checks that its ABI version is
        /// expectedAbiVersion. Returns null when it is loaded, or the error the
        /// import must stop with: LightningSync.NativeLibraryNotFound (this
        /// platform's library is not in the module) or
        /// LightningSync.AbiVersionMismatch (naming both versions).
        /// </summary>
        public static ErrorRecord Load(string moduleRoot, uint expectedAbiVersion)
        {
            string path = NativeLibraryLocation.PathIn(moduleRoot);
            if (!File.Exists(path))
            {
                string message = string.Format(
                    "The LightningSync native library for {0} was not found at '{1}'. This platform is not in the package, or the module was not built: run ./build.ps1 -Task Build.",
                    NativeLibraryLocation.RuntimeIdentifier(), path);
                return new ErrorRecord(new FileNotFoundException(message, path), "LightningSync.NativeLibraryNotFound", ErrorCategory.NotInstalled, path);
            }
            NativeLibrary.Load(path);
            uint actual = NativeLibrary.AbiVersion();
            if (actual != expectedAbiVersion)
            {
                string message = string.Format(
                    "The LightningSync native library at '{0}' has ABI version {1}, but this module expects ABI version {2}. Install the module and its native library from the same package.",
                    path, actual, expectedAbiVersion);
                return new ErrorRecord(new InvalidOperationException(message), "LightningSync.AbiVersionMismatch", ErrorCategory.InvalidOperation, path);
            }
            return null;
        }
    }
}
