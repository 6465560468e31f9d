// Loading the module's native library when the module is imported.
using System;
using System.IO;
using System.Management.Automation;

namespace LightningSync.Interop
{
    /// <summary>
    /// Loads the native library from runtimes/&lt;rid&gt;/native/ beside the
    /// manifest (by full path, so the process-wide DLL search state is never
    /// changed) and checks its ABI version when PowerShell imports this
    /// assembly as part of the module (the manifest's NestedModules): an
    /// import with a missing or mismatched library stops at once, and the
    /// import runs no PowerShell to load it.
    /// </summary>
    public sealed class ModuleNativeLoader : IModuleAssemblyInitializer
    {
        /// <summary>
        /// The C ABI version (LSYNC_ABI_VERSION in bindings/lightningsync.h)
        /// this assembly's native declarations are written against.
        /// </summary>
        public const uint ExpectedAbiVersion = 4;

        /// <summary>
        /// Called by PowerShell when it imports the module: loads the library
        /// beside this assembly, or stops the import with the error Load
        /// returns (LightningSync.NativeLibraryNotFound,
        /// LightningSync.NativeLibraryLoadFailed or
        /// LightningSync.AbiVersionMismatch).
        /// </summary>
        public void OnImport()
        {
            string moduleRoot = Path.GetDirectoryName(typeof(ModuleNativeLoader).Assembly.Location);
            ErrorRecord failure = Load(moduleRoot);
            if (failure != null)
            {
                throw new RuntimeException(failure.Exception.Message, failure.Exception, failure);
            }
        }

        /// <summary>
        /// Loads the library under moduleRoot and checks that its ABI version is
        /// ExpectedAbiVersion. Returns null when it is loaded, or the error the
        /// import must stop with: LightningSync.NativeLibraryNotFound (this
        /// platform's library is not in the module),
        /// LightningSync.NativeLibraryLoadFailed (the file is there but is no
        /// loadable LightningSync library: damaged, or built for another
        /// platform) or LightningSync.AbiVersionMismatch (naming both
        /// versions).
        /// </summary>
        private static ErrorRecord Load(string moduleRoot)
        {
            string path = NativeLibraryLocation.PathIn(moduleRoot);
            if (!File.Exists(path))
            {
                string message = string.Format(
                    "The LightningSync native library for {0} was not found at '{1}'. This platform is not in the package, or the module was not built: run ./build.ps1 -Task Build.",
                    NativeLibraryLocation.RuntimeIdentifier(), path);
                return new ErrorRecord(new FileNotFoundException(message, path), "LightningSync.NativeLibraryNotFound", ErrorCategory.NotInstalled, path);
            }
            uint actual;
            try
            {
                NativeLibrary.Load(path);
                actual = NativeLibrary.AbiVersion();
            }
            catch (Exception e) when (e is DllNotFoundException || e is BadImageFormatException || e is EntryPointNotFoundException)
            {
                string message = string.Format(
                    "The LightningSync native library at '{0}' could not be loaded: {1} The file is damaged or not built for {2}. Reinstall the module (Install-PSResource LightningSync -Reinstall), or rebuild it with ./build.ps1 -Task Build.",
                    path, e.Message.Trim().TrimEnd('.') + ".", NativeLibraryLocation.RuntimeIdentifier());
                return new ErrorRecord(new InvalidOperationException(message, e), "LightningSync.NativeLibraryLoadFailed", ErrorCategory.ResourceUnavailable, path);
            }
            if (actual != ExpectedAbiVersion)
            {
                string message = string.Format(
                    "The LightningSync native library at '{0}' has ABI version {1}, but this module expects ABI version {2}. Install the module and its native library from the same package.",
                    path, actual, ExpectedAbiVersion);
                return new ErrorRecord(new InvalidOperationException(message), "LightningSync.AbiVersionMismatch", ErrorCategory.InvalidOperation, path);
            }
            return null;
        }
    }
}
