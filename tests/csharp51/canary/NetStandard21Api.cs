// Must not compile in the check: System.HashCode is netstandard2.1/.NET Core
// 2.1+; .NET Framework 4.7.2 (Windows PowerShell 5.1) has no such type.
// Expected error: CS0234
namespace LightningSync.Canary
{
    public static class NetStandard21Api
    {
        public static int Combine(int a, int b) { return System.HashCode.Combine(a, b); }
    }
}
