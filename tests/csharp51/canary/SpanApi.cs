// Must not compile in the check: string.AsSpan and ReadOnlySpan<char> come
// from System.Memory on .NET Framework 4.7.2, a package Windows PowerShell 5.1
// cannot load beside other modules' copies (no binding redirects there).
// Expected error: CS1061
namespace LightningSync.Canary
{
    public static class SpanApi
    {
        public static int Length(string value) { return value.AsSpan().Length; }
    }
}
