// Where the module's native library is for this process:
// runtimes/<rid>/native/<file> beside the manifest, as the package lays it out.
using System;
using System.IO;
using System.Runtime.InteropServices;

namespace LightningSync.Interop
{
    /// <summary>
    /// The runtime identifier (win-x64, linux-x64, osx-x64, osx-arm64, ...)
    /// and native library file name of the current process, and the path of
    /// the library inside a module folder. Decided here, in one call, so the
    /// import runs no PowerShell to find it.
    /// </summary>
    public static class NativeLibraryLocation
    {
        /// <summary>The runtime identifier of the current process.</summary>
        public static string RuntimeIdentifier()
        {
            return OperatingSystemName() + "-" + ArchitectureName(RuntimeInformation.ProcessArchitecture);
        }

        // The runtime identifier's architecture part. A switch rather than
        // Enum.ToString, whose first call reflects over the enum at import.
        private static string ArchitectureName(Architecture architecture)
        {
            switch (architecture)
            {
                case Architecture.X64: return "x64";
                case Architecture.Arm64: return "arm64";
                case Architecture.X86: return "x86";
                case Architecture.Arm: return "arm";
                default: return architecture.ToString().ToLowerInvariant();
            }
        }

        /// <summary>The native library's file name on this operating system.</summary>
        public static string FileName()
        {
            switch (OperatingSystemName())
            {
                case "win": return "lightningsync.dll";
                case "osx": return "liblightningsync.dylib";
                default: return "liblightningsync.so";
            }
        }

        /// <summary>runtimes/&lt;rid&gt;/native/&lt;file&gt; under moduleRoot.</summary>
        public static string PathIn(string moduleRoot)
        {
            if (moduleRoot == null)
            {
                throw new ArgumentNullException("moduleRoot");
            }
            return Path.Combine(moduleRoot, "runtimes", RuntimeIdentifier(), "native", FileName());
        }

        private static string OperatingSystemName()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return "win";
            }
            return RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";
        }
    }
}
