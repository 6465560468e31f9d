using System.Management.Automation;

namespace LightningSync.Interop
{
    /// <summary>
    /// The text Exchange receives for a filter argument: a string as it is, a
    /// script block's text without its braces, taken verbatim (variables inside
    /// are not expanded on the client), or the RecipientRestrictionFilter /
    /// RecipientFilter property of an object such as Get-ManagementScope output.
    /// </summary>
    public static class FilterText
    {
        /// <summary>The filter text of `value`, or null when it has none.</summary>
        public static string From(object value)
        {
            object bare = value is PSObject ? ((PSObject)value).BaseObject : value;
            string text = bare as string;
            if (text != null) { return text; }
            ScriptBlock block = bare as ScriptBlock;
            if (block != null) { return block.ToString(); }
            if (value == null) { return null; }
            PSObject wrapped = PSObject.AsPSObject(value);
            foreach (string name in new[] { "RecipientRestrictionFilter", "RecipientFilter" })
            {
                PSPropertyInfo property = wrapped.Properties[name];
                if (property == null) { continue; }
                object found = property.Value;
                string s = (found is PSObject ? ((PSObject)found).BaseObject : found) as string;
                if (s != null) { return s; }
            }
            return null;
        }

        /// <summary>The LightningSync.FilterTypeInvalid record for a value without filter text.</summary>
        public static ErrorRecord TypeError(object value)
        {
            object bare = value is PSObject ? ((PSObject)value).BaseObject : value;
            string type = bare == null ? "null" : bare.GetType().FullName;
            string message = "A recipient filter must be a string or a script block; got [" + type + "] without a RecipientRestrictionFilter or RecipientFilter property. " +
                "Pass the filter as a string, for example: -RecipientFilter \"Department -eq 'Sales'\".";
            return ErrorRecords.FromMessage(message, "LightningSync.FilterTypeInvalid", ErrorCategory.InvalidArgument, value);
        }
    }
}
