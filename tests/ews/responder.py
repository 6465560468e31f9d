#!/usr/bin/env python3
"""Loopback EWS responder for the impersonation tests.

Listens on 127.0.0.1 (port 0 = a free port, printed as "PORT <n>" on the
first line of stdout), asks for Basic authentication like an IIS EWS
virtual directory, and answers POST /EWS/Exchange.asmx with canned bodies
chosen by the impersonated address the request names:

  local part               answer
  ----------               ------
  noerror (or anything)    200, both folders NoError
  fault.<Code>             500, SOAP fault with <Code> (as Exchange sends it)
  message.<Code>           200, per-folder ResponseClass="Error" with <Code>
  nonexistent              500, ErrorNonExistentMailbox with a zh-CN faultstring
  busy                     500, ErrorServerBusy with BackOffMilliseconds
  contactsmissing          200, calendar NoError, contacts ErrorFolderNotFound
  soapclient               500, s:Client fault without an EWS code
  http.<status>            <status> with an HTML body (e.g. http.401, http.503)
  malformed                200, truncated XML
  loginpage                200, an HTML login page
  slow.<seconds>           NoError after sleeping <seconds>
  oversized                200, a body of --oversized-bytes bytes

Every request is appended to --log as one JSON line with what the tests
check: whether the body was well-formed XML, the ExchangeImpersonation
identifier element and value, RequestServerVersion, the folder ids, the
X-AnchorMailbox header and the user name the client authenticated as.

POST /autodiscover/autodiscover.xml answers a POX Autodiscover request with
an EwsUrl pointing back at this responder.

The process exits by itself after --lifetime seconds, so a test run that
dies cannot leave it behind.
"""

import argparse
import base64
import json
import os
import ssl
import sys
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NS_SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
NS_T = "http://schemas.microsoft.com/exchange/services/2006/types"
NS_M = "http://schemas.microsoft.com/exchange/services/2006/messages"
NS_AUTOD_REQ = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"

HERE = os.path.dirname(os.path.abspath(__file__))
RESPONSES = os.path.join(HERE, "responses")
LOG_LOCK = threading.Lock()

FAULT_TEXTS = {
    "ErrorImpersonateUserDenied": "The account does not have permission to impersonate the requested user.",
    "ErrorNonExistentMailbox": "The SMTP address has no mailbox associated with it.",
    "ErrorServerBusy": "The server cannot service this request right now. Try again later.",
}


def canned(name):
    with open(os.path.join(RESPONSES, name), "rb") as f:
        return f.read()


def xml_escape(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def fault_body(code, text=None, lang="en-US", message_xml=""):
    template = canned("fault.xml").decode("utf-8")
    text = text or FAULT_TEXTS.get(code, "An error occurred: " + code)
    return (template.replace("{CODE}", code).replace("{TEXT}", xml_escape(text))
            .replace("{LANG}", lang).replace("{MESSAGEXML}", message_xml)).encode("utf-8")


def message_error_body(code):
    template = canned("message-error.xml").decode("utf-8")
    return template.replace("{CODE}", code).replace("{TEXT}", "Error: " + code).encode("utf-8")


def inspect_request(body):
    """What the tests check about the request the module sent."""
    facts = {"wellFormed": False}
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        facts["parseError"] = str(e)
        return facts
    facts["wellFormed"] = True
    facts["root"] = root.tag
    header = root.find("{%s}Header" % NS_SOAP)
    if header is not None:
        version = header.find("{%s}RequestServerVersion" % NS_T)
        if version is not None:
            facts["requestServerVersion"] = version.get("Version")
        imp = header.find("{%s}ExchangeImpersonation" % NS_T)
        facts["impersonationHeader"] = imp is not None
        if imp is not None:
            sid = imp.find("{%s}ConnectingSID" % NS_T)
            if sid is not None:
                children = list(sid)
                facts["identifiers"] = [
                    {"element": c.tag.split("}", 1)[-1], "value": c.text or ""} for c in children
                ]
    body_el = root.find("{%s}Body" % NS_SOAP)
    if body_el is not None:
        op = list(body_el)
        facts["operation"] = op[0].tag.split("}", 1)[-1] if op else None
        facts["folderIds"] = [e.get("Id") for e in body_el.iter("{%s}DistinguishedFolderId" % NS_T)]
        facts["delegateMailbox"] = any(True for _ in body_el.iter("{%s}Mailbox" % NS_T))
    return facts


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-IIS/10.0"
    sys_version = ""

    def log_message(self, fmt, *args):  # keep the test output quiet
        pass

    def send(self, status, body, content_type="text/xml; charset=utf-8", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def authenticated_user(self):
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except Exception:
            return None
        if user == self.server.user and password == self.server.password:
            return user
        return None

    def challenge(self):
        self.send(401, canned("unauthorized.html"), "text/html",
                  {"WWW-Authenticate": 'Basic realm="127.0.0.1"'})

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        self.send(405, b"", "text/plain")

    def do_POST(self):
        body = self.read_body()
        path = self.path.lower()
        if path.startswith("/autodiscover/autodiscover.xml"):
            return self.autodiscover(body)
        if not path.startswith("/ews/exchange.asmx"):
            return self.send(404, b"<html><body>404 - File or directory not found.</body></html>", "text/html")
        user = self.authenticated_user()
        facts = inspect_request(body)
        record = {
            "path": self.path,
            "anchorMailbox": self.headers.get("X-AnchorMailbox"),
            "contentType": self.headers.get("Content-Type"),
            "authenticated": user is not None,
            "user": user,
            "hasAuthorization": "Authorization" in self.headers,
        }
        record.update(facts)
        if user is not None:
            with LOG_LOCK, open(self.server.log, "a", encoding="utf-8") as log:
                log.write(json.dumps(record) + "\n")
        if user is None:
            return self.challenge()
        if not facts.get("wellFormed"):
            return self.send(400, b"<html><body>Bad Request</body></html>", "text/html")
        ids = facts.get("identifiers") or [{"element": "", "value": ""}]
        address = ids[0]["value"]
        local = address.rsplit("@", 1)[0] if "@" in address else ""
        self.answer(local)

    def answer(self, local):
        scenario, _, arg = local.partition(".")
        scenario = scenario.lower()
        if scenario == "fault":
            return self.send(500, fault_body(arg))
        if scenario == "message":
            return self.send(200, message_error_body(arg))
        if scenario == "nonexistent":
            xml = ('\n        <t:MessageXml xmlns:t="%s"><t:Value Name="SmtpAddress">nonexistent@contoso.com</t:Value></t:MessageXml>' % NS_T)
            return self.send(500, fault_body("ErrorNonExistentMailbox", "SMTP 地址没有与其关联的邮箱。", "zh-CN", xml))
        if scenario == "busy":
            xml = ('\n        <t:MessageXml xmlns:t="%s"><t:Value Name="BackOffMilliseconds">1500</t:Value></t:MessageXml>' % NS_T)
            return self.send(500, fault_body("ErrorServerBusy", message_xml=xml))
        if scenario == "contactsmissing":
            return self.send(200, canned("contacts-missing.xml"))
        if scenario == "soapclient":
            return self.send(500, canned("soap-client-fault.xml"))
        if scenario == "http":
            status = int(arg or "500")
            return self.send(status, canned("unauthorized.html"), "text/html")
        if scenario == "malformed":
            return self.send(200, canned("malformed.xml"))
        if scenario == "loginpage":
            return self.send(200, canned("login-page.html"), "text/html")
        if scenario == "slow":
            time.sleep(float(arg or "5"))
            return self.send(200, canned("success.xml"))
        if scenario == "oversized":
            head = b'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="' + NS_SOAP.encode() + b'"><s:Body>'
            tail = b"</s:Body></s:Envelope>"
            pad = b"<x/>" * ((self.server.oversized - len(head) - len(tail)) // 4)
            return self.send(200, head + pad + tail)
        return self.send(200, canned("success.xml"))

    def autodiscover(self, body):
        if self.authenticated_user() is None:
            return self.challenge()
        try:
            root = ET.fromstring(body)
            email = root.find(".//{%s}EMailAddress" % NS_AUTOD_REQ).text
        except Exception:
            return self.send(400, b"", "text/plain")
        scheme = "https" if self.server.tls else "http"
        ews = "%s://127.0.0.1:%d/EWS/Exchange.asmx" % (scheme, self.server.server_port)
        answer = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">\n'
            '  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">\n'
            '    <User><DisplayName>Test</DisplayName><AutoDiscoverSMTPAddress>%s</AutoDiscoverSMTPAddress></User>\n'
            '    <Account><AccountType>email</AccountType><Action>settings</Action>\n'
            '      <Protocol><Type>EXCH</Type><Server>ex01.contoso.com</Server><EwsUrl>%s</EwsUrl></Protocol>\n'
            '      <Protocol><Type>EXPR</Type><Server>mail.contoso.com</Server><EwsUrl>%s</EwsUrl></Protocol>\n'
            '    </Account>\n'
            '  </Response>\n'
            '</Autodiscover>\n' % (xml_escape(email), ews, ews)
        )
        self.send(200, answer.encode("utf-8"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", required=True)
    parser.add_argument("--user", default="svc-sync@contoso.com")
    parser.add_argument("--password", required=True)
    parser.add_argument("--oversized-bytes", type=int, default=2 * 1024 * 1024)
    parser.add_argument("--certfile")
    parser.add_argument("--keyfile")
    parser.add_argument("--lifetime", type=float, default=900)
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.log = args.log
    server.user = args.user
    server.password = args.password
    server.oversized = args.oversized_bytes
    server.tls = bool(args.certfile)
    if args.certfile:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(args.certfile, args.keyfile)
        server.socket = context.wrap_socket(server.socket, server_side=True)

    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    print("PORT %d" % server.server_port, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
