//! EWS impersonation probe: SOAP requests and response classification.
