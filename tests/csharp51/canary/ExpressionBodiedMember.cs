// Must not compile in the check: expression-bodied members are C# 6.
// Expected error: CS8026
namespace LightningSync.Canary
{
    public static class ExpressionBodiedMember
    {
        public static int Twice(int value) => value * 2;
    }
}
