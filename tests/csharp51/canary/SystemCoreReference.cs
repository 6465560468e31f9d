// Must not compile in the check: System.Linq lives in System.Core.dll, which
// Windows PowerShell 5.1's Add-Type does not reference by default.
// Expected error: CS0234
namespace LightningSync.Canary
{
    public static class SystemCoreReference
    {
        public static int Count(int[] values) { return System.Linq.Enumerable.Count(values); }
    }
}
