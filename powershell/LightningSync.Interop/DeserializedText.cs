using System;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace LightningSync.Interop
{
    /// <summary>
    /// Gives an imported object the text its CLIXML &lt;ToString&gt; carried, so
    /// it displays and converts to a string as Import-Clixml's objects do
    /// (an ADObjectId as contoso.com/Users/Ann, an SmtpAddress as the address,
    /// a quota as Unlimited) while its properties stay reachable. Import-Clixml
    /// gives such an object a ToString instance method returning that text;
    /// here it is a ToString code method. The text is also set where
    /// PSObject.ToString() reads it (the non-public ToStringFromDeserialization,
    /// present in Windows PowerShell 5.1 and PowerShell 7), so a .NET caller
    /// sees it too.
    /// </summary>
    public static class DeserializedText
    {
        private static readonly PropertyInfo Deserialized =
            typeof(PSObject).GetProperty("ToStringFromDeserialization", BindingFlags.Instance | BindingFlags.NonPublic);

        private static readonly ConditionalWeakTable<PSObject, string> Texts = new ConditionalWeakTable<PSObject, string>();

        private static readonly MethodInfo CodeMethod = typeof(DeserializedText).GetMethod("Text", BindingFlags.Public | BindingFlags.Static);

        /// <summary>Attaches `text` (null: nothing) to `value` and returns it.</summary>
        public static PSObject Attach(PSObject value, string text)
        {
            if (text == null)
            {
                return value;
            }
            if (Deserialized != null && Deserialized.CanWrite)
            {
                Deserialized.SetValue(value, text, null);
            }
            else
            {
                Texts.Add(value, text);
            }
            value.Methods.Add(new PSCodeMethod("ToString", CodeMethod));
            return value;
        }

        /// <summary>The attached text of `instance` (the ToString code method).</summary>
        public static string Text(PSObject instance)
        {
            if (instance == null)
            {
                return string.Empty;
            }
            string text;
            if (Texts.TryGetValue(instance, out text))
            {
                return text;
            }
            return Deserialized == null ? string.Empty : (Deserialized.GetValue(instance, null) as string ?? string.Empty);
        }
    }
}
