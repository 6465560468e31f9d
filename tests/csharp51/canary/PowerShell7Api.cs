// Must not compile in the check: ExperimentalFeature is PowerShell 7's
// System.Management.Automation; Windows PowerShell 5.1's has no such type.
// Expected error: CS0234
namespace LightningSync.Canary
{
    public static class PowerShell7Api
    {
        public static bool Enabled(string name) { return System.Management.Automation.ExperimentalFeature.IsEnabled(name); }
    }
}
