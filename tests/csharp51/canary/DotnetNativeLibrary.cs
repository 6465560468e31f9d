// Must not compile in the check: System.Runtime.InteropServices.NativeLibrary
// exists only on .NET Core 3.0+; on .NET Framework the interop loads the
// library with LoadLibraryExW (NativeLibrary.cs finds the .NET one by reflection).
// Expected error: CS0234
namespace LightningSync.Canary
{
    public static class DotnetNativeLibrary
    {
        public static System.IntPtr Load(string path) { return System.Runtime.InteropServices.NativeLibrary.Load(path); }
    }
}
