// Must not compile in the check: string interpolation is C# 6.
// Expected error: CS8026
namespace LightningSync.Canary
{
    public static class InterpolatedString
    {
        public static string Describe(int count) { return $"{count} records"; }
    }
}
