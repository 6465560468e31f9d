// The coded int32_t arguments of the C ABI, with the names and values of the
// header's enums (LsyncEnvironment, LsyncEngine, LsyncExpectation in
// bindings/lightningsync.h).
namespace LightningSync.Interop
{
    /// <summary>Which Exchange a filter is compiled for (LSYNC_ENVIRONMENT_*).</summary>
    public enum LsyncEnvironment
    {
        /// <summary>Exchange Server 2013, 2016, 2019 and Subscription Edition.</summary>
        OnPremises = 0,
        /// <summary>Exchange Online (Microsoft 365).</summary>
        ExchangeOnline = 1,
    }

    /// <summary>How lsync_filter_evaluate decides a match (LSYNC_ENGINE_*).</summary>
    public enum LsyncEngine
    {
        /// <summary>As RBAC decides management-scope membership.</summary>
        Rbac = 0,
        /// <summary>RBAC's in-memory evaluator.</summary>
        InMemory = 1,
        /// <summary>The LDAP query Exchange builds.</summary>
        Ldap = 2,
    }

    /// <summary>What an EWS probe expects of the server (LSYNC_EXPECTATION_*).</summary>
    public enum LsyncExpectation
    {
        /// <summary>The account should be able to impersonate the mailbox.</summary>
        Granted = 0,
        /// <summary>The mailbox is outside the scope: the server should refuse.</summary>
        Denied = 1,
    }
}
