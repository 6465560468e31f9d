using System;
using System.Management.Automation;
using LightningSync.Interop;

namespace LightningSync.Commands
{
    /// <summary>Test-LightningSyncRecipientFilter: checks an OPATH recipient
    /// filter offline, the way Exchange parses it (help: en-US/LightningSync.Interop.dll-Help.xml).</summary>
    [Cmdlet(VerbsDiagnostic.Test, "LightningSyncRecipientFilter")]
    [OutputType(typeof(RecipientFilterTestResult))]
    public sealed class TestRecipientFilterCommand : PSCmdlet
    {
        /// <summary>The filter: a string, a script block, or an object with a
        /// RecipientRestrictionFilter or RecipientFilter property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        [Alias("Filter", "RecipientRestrictionFilter")]
        public object RecipientFilter { get; set; }

        /// <summary>OnPremises (default) or ExchangeOnline.</summary>
        [Parameter]
        [ValidateSet("OnPremises", "ExchangeOnline")]
        public string Environment { get; set; } = "OnPremises";

        protected override void ProcessRecord()
        {
            string text = FilterText.From(RecipientFilter);
            if (text == null)
            {
                WriteError(FilterText.TypeError(RecipientFilter));
                return;
            }
            LsyncEnvironment environment = string.Equals(Environment, "ExchangeOnline", StringComparison.OrdinalIgnoreCase) ? LsyncEnvironment.ExchangeOnline : LsyncEnvironment.OnPremises;
            RecipientFilterTestResult result;
            try
            {
                result = RecipientFilterCheck.Test(text, environment);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteError(ErrorRecords.FromException(e, text));
                return;
            }
            WriteObject(result);
        }
    }
}
