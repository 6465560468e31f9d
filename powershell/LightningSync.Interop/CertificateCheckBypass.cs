// The per-host certificate bypass Windows PowerShell 5.1 needs for -SkipCertificateCheck.
using System;
using System.Net.Security;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;

namespace LightningSync.Interop
{
    /// <summary>
    /// Accepts any server certificate for one host while in scope, on the
    /// .NET Framework ServicePointManager (Windows PowerShell 5.1). Requests to
    /// other hosts still go through the callback that was installed before;
    /// Dispose restores it. ServicePointManager is reached by reflection
    /// because .NET marks it obsolete; on .NET (PowerShell 7) use the web
    /// cmdlets' -SkipCertificateCheck instead.
    /// </summary>
    public sealed class CertificateCheckBypass : IDisposable
    {
        private readonly PropertyInfo callbackProperty;
        private readonly RemoteCertificateValidationCallback previous;
        private readonly RemoteCertificateValidationCallback installed;
        private readonly string host;
        private bool disposed;

        private CertificateCheckBypass(PropertyInfo callbackProperty, string host)
        {
            this.callbackProperty = callbackProperty;
            this.host = host;
            previous = (RemoteCertificateValidationCallback)callbackProperty.GetValue(null, null);
            installed = new RemoteCertificateValidationCallback(Validate);
            callbackProperty.SetValue(null, installed, null);
        }

        /// <summary>Starts accepting any certificate presented by `host`.</summary>
        public static CertificateCheckBypass ForHost(string host)
        {
            if (string.IsNullOrEmpty(host))
            {
                throw new ArgumentException("host must not be empty", "host");
            }
            // On .NET Framework, ServicePointManager lives in System.dll beside Uri.
            Type manager = typeof(Uri).Assembly.GetType("System.Net.ServicePointManager", false);
            PropertyInfo property = manager == null ? null :
                manager.GetProperty("ServerCertificateValidationCallback", BindingFlags.Public | BindingFlags.Static);
            if (property == null)
            {
                throw new PlatformNotSupportedException("ServicePointManager is not available; use -SkipCertificateCheck of the web cmdlets.");
            }
            return new CertificateCheckBypass(property, host);
        }

        private bool Validate(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
        {
            Uri requestUri = null;
            if (sender != null)
            {
                PropertyInfo uriProperty = sender.GetType().GetProperty("RequestUri", typeof(Uri));
                if (uriProperty != null)
                {
                    requestUri = uriProperty.GetValue(sender, null) as Uri;
                }
            }
            if (requestUri != null && string.Equals(requestUri.Host, host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (previous != null)
            {
                return previous(sender, certificate, chain, errors);
            }
            return errors == SslPolicyErrors.None;
        }

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            // Only restore when nobody replaced our callback in the meantime.
            object current = callbackProperty.GetValue(null, null);
            if (current != null && current.Equals(installed))
            {
                callbackProperty.SetValue(null, previous, null);
            }
        }
    }
}
