/*
 * C ABI test: calls every export of lightningsync.h the way a C caller would,
 * including NULL arguments, invalid UTF-8, too-small buffers and free(NULL).
 * build.ps1 -Task Test compiles it with -std=c11 -Wall -Wextra -Werror and
 * runs it under valgrind (zero errors, zero leaks). The last line reads
 * "c: N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lightningsync.h"

static int passed = 0;
static int failed = 0;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (cond) {                                                            \
            passed++;                                                          \
        } else {                                                               \
            failed++;                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,  \
                    #cond);                                                    \
        }                                                                      \
    } while (0)

#define LEN(s) (sizeof(s) - 1)

/* Reads an owned text into a malloc'd NUL-terminated string and frees the text. */
static char *take_text(LsyncText *text) {
    size_t len = 0;
    LsyncStatus status = lsync_text_copy(text, NULL, 0, &len, NULL);
    char *out = malloc(len + 1);
    if (out == NULL) {
        abort();
    }
    if (status == LSYNC_STATUS_BUFFER_TOO_SMALL) {
        status = lsync_text_copy(text, (uint8_t *)out, len, &len, NULL);
    }
    CHECK(status == LSYNC_STATUS_OK);
    out[len] = '\0';
    lsync_text_free(text);
    return out;
}

/* Reads an error's message into a malloc'd string and frees the error. */
static char *take_error_message(LsyncError *error) {
    size_t len = 0;
    LsyncStatus status = lsync_error_message(error, NULL, 0, &len, NULL);
    char *out = malloc(len + 1);
    if (out == NULL) {
        abort();
    }
    if (status == LSYNC_STATUS_BUFFER_TOO_SMALL) {
        status = lsync_error_message(error, (uint8_t *)out, len, &len, NULL);
    }
    CHECK(status == LSYNC_STATUS_OK);
    out[len] = '\0';
    lsync_error_free(error);
    return out;
}

static void test_versions(void) {
    CHECK(lsync_abi_version() == LSYNC_ABI_VERSION);

    LsyncText *text = NULL;
    CHECK(lsync_library_version(&text, NULL) == LSYNC_STATUS_OK);
    CHECK(text != NULL);
    char *version = take_text(text);
    CHECK(strlen(version) >= 5 && strchr(version, '.') != NULL);
    free(version);

    LsyncError *error = NULL;
    CHECK(lsync_library_version(NULL, &error) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(error != NULL);
    CHECK(lsync_error_status(error) == LSYNC_STATUS_NULL_ARGUMENT);
    char *message = take_error_message(error);
    CHECK(strstr(message, "out_text") != NULL);
    free(message);
}

static void test_text_and_error_accessors(void) {
    /* NULL handles. */
    CHECK(lsync_text_len(NULL) == 0);
    size_t len = 77;
    uint8_t buffer[8];
    LsyncError *error = NULL;
    CHECK(lsync_text_copy(NULL, buffer, sizeof buffer, &len, &error) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_error_status(error) == LSYNC_STATUS_NULL_ARGUMENT);
    lsync_error_free(error);
    error = NULL;
    CHECK(lsync_error_status(NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_error_position(NULL) == 0);
    CHECK(lsync_error_message(NULL, buffer, sizeof buffer, &len, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    lsync_text_free(NULL);
    lsync_error_free(NULL);
    lsync_filter_free(NULL);

    /* A too-small buffer is reported, never truncated or overrun. */
    LsyncText *text = NULL;
    CHECK(lsync_library_version(&text, NULL) == LSYNC_STATUS_OK);
    size_t needed = lsync_text_len(text);
    CHECK(needed > 2);
    memset(buffer, 'x', sizeof buffer);
    CHECK(lsync_text_copy(text, buffer, 2, &len, &error) == LSYNC_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == needed);
    CHECK(buffer[0] == 'x' && buffer[1] == 'x');
    CHECK(lsync_error_status(error) == LSYNC_STATUS_BUFFER_TOO_SMALL);
    lsync_error_free(error);
    error = NULL;
    CHECK(lsync_text_copy(text, buffer, sizeof buffer, NULL, &error) == LSYNC_STATUS_NULL_ARGUMENT);
    char *message = take_error_message(error);
    CHECK(strstr(message, "out_len") != NULL);
    free(message);
    lsync_text_free(text);
}

static void test_filter(void) {
    static const char sales[] = "Department -eq 'Sales'";
    LsyncFilter *filter = NULL;
    LsyncError *error = NULL;

    CHECK(lsync_filter_compile((const uint8_t *)sales, LEN(sales), LSYNC_ENVIRONMENT_ON_PREMISES, &filter, &error) == LSYNC_STATUS_OK);
    CHECK(filter != NULL && error == NULL);

    LsyncText *text = NULL;
    CHECK(lsync_filter_canonical(filter, &text, NULL) == LSYNC_STATUS_OK);
    char *canonical = take_text(text);
    CHECK(strcmp(canonical, "Department -eq 'Sales'") == 0);
    free(canonical);

    /* NULL out-pointers fail without writing anything. */
    CHECK(lsync_filter_canonical(filter, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_filter_report(filter, NULL, &error) == LSYNC_STATUS_NULL_ARGUMENT);
    lsync_error_free(error);
    error = NULL;
    lsync_filter_free(filter);

    /* NULL filter handles. */
    text = NULL;
    CHECK(lsync_filter_canonical(NULL, &text, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(text == NULL);

    /* An invalid filter compiles, reports invalid, and has no canonical text. */
    static const char bad[] = "Department -eq Sales";
    filter = NULL;
    CHECK(lsync_filter_compile((const uint8_t *)bad, LEN(bad), LSYNC_ENVIRONMENT_ON_PREMISES, &filter, NULL) == LSYNC_STATUS_OK);
    text = NULL;
    CHECK(lsync_filter_report(filter, &text, NULL) == LSYNC_STATUS_OK);
    char *report = take_text(text);
    CHECK(strstr(report, "\"IsValid\":false") != NULL && strstr(report, "\"Normalized\":null") != NULL);
    CHECK(strstr(report, "\"Severity\":\"Error\"") != NULL && strstr(report, "\"Position\":16") != NULL);
    free(report);
    text = NULL;
    CHECK(lsync_filter_canonical(filter, &text, &error) == LSYNC_STATUS_FILTER_INVALID);
    CHECK(text == NULL);
    CHECK(lsync_error_status(error) == LSYNC_STATUS_FILTER_INVALID);
    CHECK(lsync_error_position(error) == 16);
    free(take_error_message(error));
    error = NULL;
    lsync_filter_free(filter);

    /* Invalid UTF-8 is refused with the byte position. */
    static const char invalid_utf8[] = "Department -eq '\xff'";
    filter = NULL;
    CHECK(lsync_filter_compile((const uint8_t *)invalid_utf8, LEN(invalid_utf8), 0, &filter, &error) == LSYNC_STATUS_INVALID_UTF8);
    CHECK(filter == NULL);
    CHECK(lsync_error_position(error) == 17);
    free(take_error_message(error));
    error = NULL;

    /* NULL text with a length, NULL out-pointer, unknown environment. */
    CHECK(lsync_filter_compile(NULL, 5, 0, &filter, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_filter_compile((const uint8_t *)sales, LEN(sales), 0, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_filter_compile((const uint8_t *)sales, LEN(sales), 7, &filter, &error) == LSYNC_STATUS_INVALID_ARGUMENT);
    CHECK(filter == NULL);
    free(take_error_message(error));
    error = NULL;

    /* Empty text with a NULL pointer is the empty filter. */
    CHECK(lsync_filter_compile(NULL, 0, LSYNC_ENVIRONMENT_EXCHANGE_ONLINE, &filter, NULL) == LSYNC_STATUS_OK);
    lsync_filter_free(filter);
}

static void test_filter_batch(void) {
    static const char scope[] = "Department -eq 'Sales' -and MemberOfGroup -eq 'CN=G,DC=x'";
    LsyncFilter *filter = NULL;
    LsyncError *error = NULL;
    LsyncText *text = NULL;
    CHECK(lsync_filter_compile((const uint8_t *)scope, LEN(scope), 0, &filter, NULL) == LSYNC_STATUS_OK);

    /* One call gives validity, canonical text, properties and diagnostics. */
    CHECK(lsync_filter_report(filter, &text, NULL) == LSYNC_STATUS_OK);
    char *report = take_text(text);
    CHECK(strstr(report, "\"IsValid\":true") != NULL);
    CHECK(strstr(report, "\"Environment\":\"OnPremises\"") != NULL);
    CHECK(strstr(report, "\"Normalized\":\"((Department -eq 'Sales') -and (MemberOfGroup -eq 'CN=G,DC=x'))\"") != NULL);
    CHECK(strstr(report, "\"Code\":\"MemberOfGroupScope\"") != NULL);
    CHECK(strstr(report, "\"Properties\":[\"Department\",\"MemberOfGroup\"]") != NULL);
    CHECK(strstr(report, "\"Diagnostics\":[") != NULL);
    free(report);
    CHECK(lsync_filter_report(NULL, &text, NULL) == LSYNC_STATUS_NULL_ARGUMENT);

    /* A batch of records in one call; membership is never guessed. */
    static const char records[] =
        "[{\"Department\":\"Sales\",\"MemberOfGroup\":[\"cn=g,dc=x\"]},{\"Department\":\"Ops\"},{\"Department\":\"Sales\"}]";
    text = NULL;
    CHECK(lsync_filter_evaluate(filter, (const uint8_t *)records, LEN(records), LSYNC_ENGINE_RBAC, &text, NULL) == LSYNC_STATUS_OK);
    char *results = take_text(text);
    static const char expected[] = "[{\"Result\":\"Match\"},{\"Result\":\"NoMatch\"},{\"Result\":\"NotEvaluable\",\"Reason\":";
    CHECK(strncmp(results, expected, LEN(expected)) == 0);
    free(results);
    static const char not_records[] = "[1]";
    text = NULL;
    CHECK(lsync_filter_evaluate(filter, (const uint8_t *)not_records, LEN(not_records), 0, &text, &error) == LSYNC_STATUS_FILTER_RECORDS_INVALID);
    CHECK(text == NULL);
    free(take_error_message(error));
    error = NULL;
    text = NULL;
    CHECK(lsync_filter_evaluate(filter, (const uint8_t *)records, LEN(records), LSYNC_ENGINE_LDAP, &text, NULL) == LSYNC_STATUS_OK);
    free(take_text(text));
    CHECK(lsync_filter_evaluate(filter, (const uint8_t *)records, LEN(records), 9, &text, &error) == LSYNC_STATUS_INVALID_ARGUMENT);
    char *unknown_engine = take_error_message(error);
    CHECK(strstr(unknown_engine, "LSYNC_ENGINE_LDAP") != NULL);
    free(unknown_engine);
    error = NULL;
    CHECK(lsync_filter_evaluate(NULL, (const uint8_t *)records, LEN(records), 0, &text, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    lsync_filter_free(filter);

    /* The builder quotes values; unknown properties are refused. */
    static const char conditions[] = "[{\"property\":\"company\",\"values\":[\"O'Neil\"]}]";
    text = NULL;
    CHECK(lsync_filter_build((const uint8_t *)conditions, LEN(conditions), 0, &text, NULL) == LSYNC_STATUS_OK);
    char *built = take_text(text);
    CHECK(strcmp(built, "Company -eq 'O''Neil'") == 0);
    free(built);
    static const char unknown[] = "[{\"property\":\"Departmnet\",\"values\":[\"x\"]}]";
    text = NULL;
    CHECK(lsync_filter_build((const uint8_t *)unknown, LEN(unknown), 0, &text, &error) == LSYNC_STATUS_FILTER_CONDITIONS_INVALID);
    CHECK(text == NULL);
    free(take_error_message(error));
    error = NULL;

    /* The property catalog. */
    text = NULL;
    CHECK(lsync_filter_catalog(&text, NULL) == LSYNC_STATUS_OK);
    char *catalog = take_text(text);
    CHECK(strstr(catalog, "\"Name\":\"RecipientTypeDetails\"") != NULL);
    CHECK(strstr(catalog, "\"DotNetType\":") != NULL);
    free(catalog);
    CHECK(lsync_filter_catalog(NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
}

static void test_ews(void) {
    LsyncText *text = NULL;
    LsyncError *error = NULL;

    /* Building a GetFolder request for one mailbox. */
    static const char mailbox[] = " alice&co@contoso.com ";
    CHECK(lsync_ews_build_get_folder((const uint8_t *)mailbox, LEN(mailbox), NULL, 0, NULL, 0, &text, NULL) == LSYNC_STATUS_OK);
    char *request = take_text(text);
    CHECK(strstr(request, "\"AnchorMailbox\":\"alice&co@contoso.com\"") != NULL);
    CHECK(strstr(request, "alice&amp;co@contoso.com") != NULL);
    free(request);
    text = NULL;
    CHECK(lsync_ews_build_get_folder(NULL, 0, NULL, 0, NULL, 0, &text, &error) == LSYNC_STATUS_EWS_MAILBOX_INVALID);
    CHECK(text == NULL);
    free(take_error_message(error));
    error = NULL;
    static const char bell[] = "ab\a@x.com";
    CHECK(lsync_ews_build_get_folder((const uint8_t *)bell, LEN(bell), NULL, 0, NULL, 0, &text, &error) == LSYNC_STATUS_EWS_MAILBOX_INVALID);
    CHECK(lsync_error_position(error) == 3);
    free(take_error_message(error));
    error = NULL;
    static const char address[] = "a@b.c";
    static const char email[] = "email";
    CHECK(lsync_ews_build_get_folder((const uint8_t *)address, LEN(address), (const uint8_t *)email, LEN(email), NULL, 0, &text, NULL) == LSYNC_STATUS_EWS_IDENTIFIER_KIND_UNKNOWN);
    static const char future[] = "Exchange2099";
    CHECK(lsync_ews_build_get_folder((const uint8_t *)address, LEN(address), NULL, 0, (const uint8_t *)future, LEN(future), &text, NULL) == LSYNC_STATUS_EWS_SERVER_VERSION_UNKNOWN);
    static const char bad_utf8[] = "a\xff@b";
    CHECK(lsync_ews_build_get_folder((const uint8_t *)bad_utf8, LEN(bad_utf8), NULL, 0, NULL, 0, &text, NULL) == LSYNC_STATUS_INVALID_UTF8);
    CHECK(text == NULL);

    /* Classifying a response. */
    static const char fault[] =
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
        "<faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:ErrorImpersonateUserDenied</faultcode>"
        "<faultstring>x</faultstring></s:Fault></s:Body></s:Envelope>";
    CHECK(lsync_ews_classify(500, (const uint8_t *)fault, LEN(fault), LSYNC_EXPECTATION_DENIED, &text, NULL) == LSYNC_STATUS_OK);
    char *verdict = take_text(text);
    CHECK(strstr(verdict, "\"ResponseCode\":\"ErrorImpersonateUserDenied\"") != NULL);
    CHECK(strstr(verdict, "\"Success\":true") != NULL);
    free(verdict);
    text = NULL;
    CHECK(lsync_ews_classify(500, (const uint8_t *)fault, LEN(fault), LSYNC_EXPECTATION_GRANTED, &text, NULL) == LSYNC_STATUS_OK);
    verdict = take_text(text);
    CHECK(strstr(verdict, "\"Success\":false") != NULL);
    free(verdict);
    text = NULL;
    CHECK(lsync_ews_classify(500, (const uint8_t *)fault, LEN(fault), 2, &text, &error) == LSYNC_STATUS_INVALID_ARGUMENT);
    CHECK(text == NULL);
    free(take_error_message(error));
    error = NULL;
    text = NULL;
    CHECK(lsync_ews_classify(600, NULL, 0, 0, &text, &error) == LSYNC_STATUS_INVALID_ARGUMENT);
    CHECK(text == NULL);
    free(take_error_message(error));
    error = NULL;
    CHECK(lsync_ews_classify(200, NULL, 3, 0, &text, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_ews_classify(200, (const uint8_t *)"x", 1, 0, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);

    /* Classifying a transport failure. */
    static const char timeout[] = "Timeout";
    CHECK(lsync_ews_classify_failure((const uint8_t *)timeout, LEN(timeout), NULL, 0, 0, &text, NULL) == LSYNC_STATUS_OK);
    char *failure = take_text(text);
    CHECK(strstr(failure, "\"ResponseCode\":\"Timeout\"") != NULL);
    free(failure);
    text = NULL;
    static const char no_error[] = "NoError";
    CHECK(lsync_ews_classify_failure((const uint8_t *)no_error, LEN(no_error), NULL, 0, 0, &text, NULL) == LSYNC_STATUS_INVALID_ARGUMENT);
    CHECK(text == NULL);

    /* The response-code table and the read limit. */
    CHECK(lsync_ews_code_table(&text, NULL) == LSYNC_STATUS_OK);
    char *table = take_text(text);
    CHECK(table[0] == '[');
    free(table);
    CHECK(lsync_ews_code_table(NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_ews_read_limit() > 0);
}

static void test_cmdlet_error(void) {
    LsyncText *text = NULL;
    LsyncError *error = NULL;
    static const char busy[] = "{\"Message\":\"Pipeline not executed because a pipeline is already executing. Pipelines cannot be executed concurrently.\",\"Reason\":\"PSInvalidOperationException\"}";
    CHECK(lsync_cmdlet_error_classify((const uint8_t *)busy, LEN(busy), &text, &error) == LSYNC_STATUS_OK);
    char *verdict = take_text(text);
    CHECK(strstr(verdict, "\"Kind\":\"Transient\"") != NULL);
    CHECK(strstr(verdict, "\"Fault\":\"ConcurrentPipeline\"") != NULL);
    free(verdict);
    text = NULL;
    static const char exists[] = "{\"Message\":\"The object 'CN=X' already exists.\",\"Reason\":\"ADObjectAlreadyExistsException\"}";
    CHECK(lsync_cmdlet_error_classify((const uint8_t *)exists, LEN(exists), &text, NULL) == LSYNC_STATUS_OK);
    verdict = take_text(text);
    CHECK(strstr(verdict, "\"Kind\":\"AlreadyExists\"") != NULL);
    free(verdict);
    text = NULL;
    static const char bad[] = "[1]";
    CHECK(lsync_cmdlet_error_classify((const uint8_t *)bad, LEN(bad), &text, &error) == LSYNC_STATUS_INVALID_ARGUMENT);
    CHECK(text == NULL);
    char *message = take_error_message(error);
    CHECK(strstr(message, "Message") != NULL);
    free(message);
    CHECK(lsync_cmdlet_error_classify(NULL, 5, &text, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_cmdlet_error_classify((const uint8_t *)bad, LEN(bad), NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
}

/* Writes `content` to a new file under $TMPDIR (or /tmp); returns its path. */
static void write_temp_file(char *path, size_t size, const char *name, const char *content) {
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/lsync_abi_%ld_%s", dir != NULL ? dir : "/tmp", (long)time(NULL), name);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        abort();
    }
    fputs(content, f);
    fclose(f);
}

#define CLIXML_HEAD "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
#define CLIXML_USER(name, dep)                                                                     \
    "<Obj RefId=\"" name "\"><Props><S N=\"Name\">" name "</S><S N=\"Department\">" dep          \
    "</S></Props></Obj>"

static void test_recipient_import(void) {
    char good[512];
    char bad[512];
    write_temp_file(good, sizeof good, "good.xml", CLIXML_HEAD CLIXML_USER("1", "Sales") CLIXML_USER("2", "HR") "</Objs>");
    write_temp_file(bad, sizeof bad, "bad.xml", CLIXML_HEAD CLIXML_USER("1", "Sales") "<Obj><Props><S N=\"Name\">x</Props></Obj></Objs>");
    LsyncRecipientImport *import = NULL;
    LsyncError *error = NULL;
    LsyncText *text = NULL;

    /* Arguments. */
    CHECK(lsync_recipient_import_open((const uint8_t *)good, strlen(good), NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_recipient_import_open(NULL, 3, &import, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    static const char bad_utf8[] = "/tmp/\xff.xml";
    CHECK(lsync_recipient_import_open((const uint8_t *)bad_utf8, LEN(bad_utf8), &import, &error) == LSYNC_STATUS_INVALID_UTF8);
    CHECK(import == NULL && lsync_error_position(error) == 6);
    free(take_error_message(error));
    error = NULL;
    static const char missing[] = "/nonexistent/users.xml";
    CHECK(lsync_recipient_import_open((const uint8_t *)missing, LEN(missing), &import, &error) == LSYNC_STATUS_EXPORT_UNREADABLE);
    CHECK(import == NULL);
    char *message = take_error_message(error);
    CHECK(strstr(message, missing) != NULL);
    free(message);
    error = NULL;

    /* A good file in batches, then the end. */
    CHECK(lsync_recipient_import_open((const uint8_t *)good, strlen(good), &import, NULL) == LSYNC_STATUS_OK);
    CHECK(lsync_recipient_import_next(import, 0, &text, NULL) == LSYNC_STATUS_INVALID_ARGUMENT);
    CHECK(lsync_recipient_import_next(import, 1, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_recipient_import_next(import, 1, &text, NULL) == LSYNC_STATUS_OK);
    char *batch = take_text(text);
    CHECK(strstr(batch, "[\"Department\",\"Sales\"]") != NULL && strstr(batch, "HR") == NULL);
    free(batch);
    text = NULL;
    CHECK(lsync_recipient_import_next(import, 10, &text, NULL) == LSYNC_STATUS_OK);
    batch = take_text(text);
    CHECK(strstr(batch, "[\"Department\",\"HR\"]") != NULL);
    free(batch);
    text = NULL;
    CHECK(lsync_recipient_import_next(import, 10, &text, NULL) == LSYNC_STATUS_OK);
    batch = take_text(text);
    CHECK(strcmp(batch, "[]") == 0);
    free(batch);
    uint64_t read = 0;
    uint64_t total = 0;
    CHECK(lsync_recipient_import_progress(import, &read, &total, NULL) == LSYNC_STATUS_OK);
    CHECK(total > 100 && read == total);
    CHECK(lsync_recipient_import_progress(import, NULL, &total, &error) == LSYNC_STATUS_NULL_ARGUMENT);
    message = take_error_message(error);
    CHECK(strstr(message, "out_bytes_read") != NULL);
    free(message);
    error = NULL;
    CHECK(lsync_recipient_import_progress(NULL, &read, &total, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    lsync_recipient_import_free(import);
    import = NULL;

    /* Freed long before the end: the reader's thread, parsing ahead, is
     * stopped and waited for (valgrind sees any block or thread left). */
    {
        static char many[64 + 2000 * 96];
        size_t used = (size_t)snprintf(many, sizeof many, "%s", CLIXML_HEAD);
        for (int i = 0; i < 2000; i++) {
            used += (size_t)snprintf(many + used, sizeof many - used,
                                     "<Obj RefId=\"%d\"><Props><S N=\"Name\">u%d</S></Props></Obj>", i, i);
        }
        snprintf(many + used, sizeof many - used, "</Objs>");
        char path[512];
        write_temp_file(path, sizeof path, "many.xml", many);
        CHECK(lsync_recipient_import_open((const uint8_t *)path, strlen(path), &import, NULL) == LSYNC_STATUS_OK);
        text = NULL;
        CHECK(lsync_recipient_import_next(import, 1, &text, NULL) == LSYNC_STATUS_OK);
        batch = take_text(text);
        CHECK(strstr(batch, "\"u0\"") != NULL && strstr(batch, "\"u1\"") == NULL);
        free(batch);
        lsync_recipient_import_free(import);
        import = NULL;
        remove(path);
    }

    /* A bad file: the error names the file and the byte offset. */
    CHECK(lsync_recipient_import_open((const uint8_t *)bad, strlen(bad), &import, NULL) == LSYNC_STATUS_OK);
    text = NULL;
    CHECK(lsync_recipient_import_next(import, 10, &text, NULL) == LSYNC_STATUS_OK);
    batch = take_text(text);
    CHECK(strstr(batch, "Sales") != NULL); /* the record before the problem comes first */
    free(batch);
    text = NULL;
    CHECK(lsync_recipient_import_next(import, 10, &text, &error) == LSYNC_STATUS_EXPORT_INVALID);
    CHECK(text == NULL);
    CHECK(lsync_error_position(error) > LEN(CLIXML_HEAD));
    message = take_error_message(error);
    CHECK(strstr(message, bad) != NULL && strstr(message, "byte offset") != NULL && strstr(message, "expected") != NULL);
    free(message);
    error = NULL;
    CHECK(lsync_recipient_import_next(import, 10, &text, NULL) == LSYNC_STATUS_EXPORT_INVALID);
    lsync_recipient_import_free(import);
    import = NULL;

    /* An Export-Csv file: rows as objects of strings. */
    char csv[512];
    write_temp_file(csv, sizeof csv, "users.csv", "\"Name\",\"Department\"\r\n\"Ann\",\"Sales\"\r\n");
    CHECK(lsync_recipient_import_open((const uint8_t *)csv, strlen(csv), &import, NULL) == LSYNC_STATUS_OK);
    text = NULL;
    CHECK(lsync_recipient_import_next(import, 10, &text, NULL) == LSYNC_STATUS_OK);
    batch = take_text(text);
    CHECK(strstr(batch, "\"Type\":\"Csv\"") != NULL && strstr(batch, "[\"Department\",\"Sales\"]") != NULL);
    free(batch);
    text = NULL;
    lsync_recipient_import_free(import);
    lsync_recipient_import_free(NULL);
    CHECK(lsync_recipient_import_next(NULL, 1, &text, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    remove(good);
    remove(bad);
    remove(csv);
}

static void test_preview(void) {
    char good[512];
    char bad[512];
    char paths[1200];
    write_temp_file(good, sizeof good, "pgood.xml", CLIXML_HEAD CLIXML_USER("1", "Sales") CLIXML_USER("2", "HR") CLIXML_USER("3", "sales") "</Objs>");
    write_temp_file(bad, sizeof bad, "pbad.xml", CLIXML_HEAD CLIXML_USER("1", "Sales") "<Ref RefId=\"77\" /></Objs>");
    static const char sales[] = "Department -eq 'Sales'";
    LsyncPreviewJob *job = NULL;
    LsyncError *error = NULL;
    LsyncText *text = NULL;

    /* A job over a good file, polled to the end. */
    snprintf(paths, sizeof paths, "[\"%s\"]", good);
    CHECK(lsync_preview_job_start((const uint8_t *)sales, LEN(sales), 0, (const uint8_t *)paths, strlen(paths), 0, &job, NULL) == LSYNC_STATUS_OK);
    int32_t done = 0;
    int rounds = 0;
    while (done == 0 && rounds++ < 200) {
        CHECK(lsync_preview_job_wait(job, 50, &done, NULL) == LSYNC_STATUS_OK);
    }
    CHECK(done == 1);
    uint64_t read = 0;
    uint64_t total = 0;
    uint64_t records = 0;
    CHECK(lsync_preview_job_progress(job, &read, &total, &records, NULL) == LSYNC_STATUS_OK);
    CHECK(read == total && records == 3);
    CHECK(lsync_preview_job_progress(job, &read, &total, NULL, &error) == LSYNC_STATUS_NULL_ARGUMENT);
    char *message = take_error_message(error);
    CHECK(strstr(message, "out_records") != NULL);
    free(message);
    error = NULL;
    CHECK(lsync_preview_job_wait(job, 0, NULL, &error) == LSYNC_STATUS_NULL_ARGUMENT);
    message = take_error_message(error);
    CHECK(strstr(message, "out_done") != NULL);
    free(message);
    error = NULL;
    LsyncPreviewResult *table = NULL;
    CHECK(lsync_preview_job_finish_result(job, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_job_finish_result(job, &table, NULL) == LSYNC_STATUS_OK);
    CHECK(lsync_preview_result_summary(table, &text, NULL) == LSYNC_STATUS_OK);
    char *result = take_text(text);
    CHECK(strstr(result, "\"Matched\":2") != NULL && strstr(result, "\"Total\":3") != NULL);
    CHECK(strstr(result, "\"Findings\":[]") != NULL);
    free(result);
    text = NULL;
    lsync_preview_result_free(table);
    table = NULL;
    CHECK(lsync_preview_job_finish_result(job, &table, &error) == LSYNC_STATUS_INVALID_ARGUMENT);
    CHECK(table == NULL);
    message = take_error_message(error);
    CHECK(strstr(message, "already finished") != NULL);
    free(message);
    error = NULL;
    CHECK(lsync_preview_job_cancel(job, NULL) == LSYNC_STATUS_OK);
    lsync_preview_job_free(job);
    job = NULL;

    /* The same preview as a summary and a table of matches. */
    CHECK(lsync_preview_job_start((const uint8_t *)sales, LEN(sales), LSYNC_ENVIRONMENT_ON_PREMISES, (const uint8_t *)paths, strlen(paths), 0, &job, NULL) == LSYNC_STATUS_OK);
    CHECK(lsync_preview_job_finish_result(job, &table, NULL) == LSYNC_STATUS_OK);
    CHECK(lsync_preview_result_summary(table, &text, NULL) == LSYNC_STATUS_OK);
    result = take_text(text);
    CHECK(strstr(result, "\"Matched\":2") != NULL && strstr(result, "\"Matches\"") == NULL);
    free(result);
    text = NULL;
    const uint64_t *rows = NULL;
    size_t row_count = 0;
    size_t row_width = 0;
    const uint8_t *texts = NULL;
    size_t texts_len = 0;
    CHECK(lsync_preview_result_matches(table, &rows, &row_count, &row_width, &texts, &texts_len, NULL) == LSYNC_STATUS_OK);
    CHECK(row_count == 2 && rows != NULL && texts != NULL);
    CHECK(row_width == LSYNC_PREVIEW_ROW_WIDTH);
    /* Row 2: the third user (index 2, Name "3"). */
    const uint64_t *row = rows + LSYNC_PREVIEW_ROW_WIDTH;
    CHECK(rows[0] == 0 && row[0] == 2);
    CHECK(row[1] != LSYNC_PREVIEW_NO_TEXT && row[1] + row[2] <= texts_len);
    CHECK(row[11] != LSYNC_PREVIEW_NO_TEXT && row[11] + row[12] <= texts_len);
    CHECK(memcmp(texts + row[11], "{\"Department\":[\"sales\"]}", row[12]) == 0);
    CHECK(lsync_preview_result_matches(table, &rows, &row_count, &row_width, &texts, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_result_matches(table, &rows, &row_count, NULL, &texts, &texts_len, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_result_matches(NULL, &rows, &row_count, &row_width, &texts, &texts_len, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_result_summary(NULL, &text, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_result_summary(table, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    lsync_preview_result_free(table);
    lsync_preview_result_free(NULL);
    table = NULL;
    CHECK(lsync_preview_job_finish_result(NULL, &table, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    lsync_preview_job_free(job);
    job = NULL;

    /* A bad file: finish names the file and the byte offset. */
    snprintf(paths, sizeof paths, "[\"%s\"]", bad);
    CHECK(lsync_preview_job_start((const uint8_t *)sales, LEN(sales), 0, (const uint8_t *)paths, strlen(paths), 5, &job, NULL) == LSYNC_STATUS_OK);
    CHECK(lsync_preview_job_finish_result(job, &table, &error) == LSYNC_STATUS_EXPORT_INVALID);
    CHECK(table == NULL && lsync_error_position(error) > LEN(CLIXML_HEAD));
    message = take_error_message(error);
    CHECK(strstr(message, bad) != NULL && strstr(message, "RefId 77") != NULL);
    free(message);
    error = NULL;
    lsync_preview_job_free(job);
    job = NULL;

    /* A job freed while it may still run is cancelled and joined. */
    snprintf(paths, sizeof paths, "[\"%s\",\"%s\"]", good, good);
    CHECK(lsync_preview_job_start((const uint8_t *)sales, LEN(sales), LSYNC_ENVIRONMENT_EXCHANGE_ONLINE, (const uint8_t *)paths, strlen(paths), 0, &job, NULL) == LSYNC_STATUS_OK);
    lsync_preview_job_free(job);
    job = NULL;

    /* Arguments: invalid filter, missing file, bad paths, NULLs, invalid UTF-8. */
    static const char invalid[] = "Department -eq Sales";
    CHECK(lsync_preview_job_start((const uint8_t *)invalid, LEN(invalid), 0, (const uint8_t *)paths, strlen(paths), 0, &job, &error) == LSYNC_STATUS_FILTER_INVALID);
    CHECK(job == NULL && lsync_error_position(error) == 16);
    free(take_error_message(error));
    error = NULL;
    static const char missing[] = "[\"/nonexistent/users.xml\"]";
    CHECK(lsync_preview_job_start((const uint8_t *)sales, LEN(sales), 0, (const uint8_t *)missing, LEN(missing), 0, &job, NULL) == LSYNC_STATUS_EXPORT_UNREADABLE);
    static const char not_paths[] = "{\"a\":1}";
    CHECK(lsync_preview_job_start((const uint8_t *)sales, LEN(sales), 0, (const uint8_t *)not_paths, LEN(not_paths), 0, &job, NULL) == LSYNC_STATUS_INVALID_ARGUMENT);
    CHECK(lsync_preview_job_start((const uint8_t *)sales, LEN(sales), 7, (const uint8_t *)paths, strlen(paths), 0, &job, NULL) == LSYNC_STATUS_INVALID_ARGUMENT);
    static const char bad_utf8[] = "[\"\xff\"]";
    CHECK(lsync_preview_job_start((const uint8_t *)sales, LEN(sales), 0, (const uint8_t *)bad_utf8, LEN(bad_utf8), 0, &job, NULL) == LSYNC_STATUS_INVALID_UTF8);
    CHECK(lsync_preview_job_start((const uint8_t *)sales, LEN(sales), 0, (const uint8_t *)paths, strlen(paths), 0, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_job_progress(NULL, &read, &total, &records, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_job_wait(NULL, 0, &done, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_job_cancel(NULL, &error) == LSYNC_STATUS_NULL_ARGUMENT);
    message = take_error_message(error);
    CHECK(strstr(message, "job") != NULL);
    free(message);
    error = NULL;
    CHECK(job == NULL);
    lsync_preview_job_free(NULL);

    /* Batches of records from the caller's own objects. */
    LsyncPreviewBatch *batch = NULL;
    CHECK(lsync_preview_batch_new((const uint8_t *)sales, LEN(sales), 0, 0, &batch, NULL) == LSYNC_STATUS_OK);
    static const char first[] = "[{\"Name\":\"a\",\"Department\":\"Sales\"},{\"Name\":\"b\",\"Department\":null}]";
    static const char second[] = "[{\"Name\":\"c\",\"Department\":[\"x\",\"SALES\"]}]";
    CHECK(lsync_preview_batch_add(batch, (const uint8_t *)first, LEN(first), NULL) == LSYNC_STATUS_OK);
    CHECK(lsync_preview_batch_add(batch, (const uint8_t *)second, LEN(second), NULL) == LSYNC_STATUS_OK);
    static const char not_records[] = "[{\"Name\":{}}]";
    CHECK(lsync_preview_batch_add(batch, (const uint8_t *)not_records, LEN(not_records), &error) == LSYNC_STATUS_PREVIEW_RECORDS_INVALID);
    message = take_error_message(error);
    CHECK(strstr(message, "record 0") != NULL);
    free(message);
    error = NULL;
    CHECK(lsync_preview_batch_add(batch, (const uint8_t *)bad_utf8, LEN(bad_utf8), NULL) == LSYNC_STATUS_INVALID_UTF8);
    CHECK(lsync_preview_batch_add(batch, NULL, 4, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_batch_add(NULL, (const uint8_t *)first, LEN(first), NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_batch_snapshot(batch, &table, NULL) == LSYNC_STATUS_OK);
    text = NULL;
    CHECK(lsync_preview_result_summary(table, &text, NULL) == LSYNC_STATUS_OK);
    result = take_text(text);
    CHECK(strstr(result, "\"Total\":3") != NULL && strstr(result, "\"Matched\":2") != NULL);
    free(result);
    CHECK(lsync_preview_result_matches(table, &rows, &row_count, &row_width, &texts, &texts_len, NULL) == LSYNC_STATUS_OK);
    CHECK(row_count == 2 && rows[LSYNC_PREVIEW_ROW_WIDTH] == 2 && rows[2] == 1 && memcmp(texts + rows[1], "a", 1) == 0);
    lsync_preview_result_free(table);
    table = NULL;
    CHECK(lsync_preview_batch_snapshot(batch, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(lsync_preview_batch_snapshot(NULL, &table, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    lsync_preview_batch_free(batch);
    lsync_preview_batch_free(NULL);
    batch = NULL;
    /* A scope that matches nobody is a finding of the preview. */
    static const char nobody[] = "Department -eq 'Nobody'";
    CHECK(lsync_preview_batch_new((const uint8_t *)nobody, LEN(nobody), LSYNC_ENVIRONMENT_ON_PREMISES, 0, &batch, NULL) == LSYNC_STATUS_OK);
    CHECK(lsync_preview_batch_add(batch, (const uint8_t *)first, LEN(first), NULL) == LSYNC_STATUS_OK);
    CHECK(lsync_preview_batch_snapshot(batch, &table, NULL) == LSYNC_STATUS_OK);
    text = NULL;
    CHECK(lsync_preview_result_summary(table, &text, NULL) == LSYNC_STATUS_OK);
    result = take_text(text);
    CHECK(strstr(result, "\"Code\":\"ScopeMatchesNone\"") != NULL);
    CHECK(strstr(result, "The filter matches none of the 2 recipients read: the scope would be empty.") != NULL);
    free(result);
    lsync_preview_result_free(table);
    table = NULL;
    lsync_preview_batch_free(batch);
    batch = NULL;
    CHECK(lsync_preview_batch_new((const uint8_t *)invalid, LEN(invalid), 0, 0, &batch, NULL) == LSYNC_STATUS_FILTER_INVALID);
    CHECK(lsync_preview_batch_new((const uint8_t *)sales, LEN(sales), 0, 0, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
    CHECK(batch == NULL);
    remove(good);
    remove(bad);
}

static const char PLAN_SNAPSHOT[] =
    "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
    "<Obj RefId=\"0\"><MS><I32 N=\"SchemaVersion\">1</I32><B N=\"IsExchangeOnline\">false</B>"
    "<Obj N=\"ExchangeServers\" RefId=\"1\"><LST><Obj RefId=\"2\"><MS><S N=\"Name\">EX01</S>"
    "<S N=\"Fqdn\">EX01.contoso.com</S><S N=\"AdminDisplayVersion\">Version 15.2 (Build 2562.17)</S>"
    "<B N=\"IsClientAccessServer\">true</B></MS></Obj></LST></Obj>"
    "<Obj N=\"ServiceAccount\" RefId=\"3\"><MS><S N=\"Identity\">svc</S>"
    "<Obj N=\"User\" RefId=\"4\"><MS><S N=\"Name\">svc</S><S N=\"UserPrincipalName\">svc@contoso.com</S></MS></Obj>"
    "<Obj N=\"Mailbox\" RefId=\"5\"><MS><S N=\"Name\">svc</S></MS></Obj></MS></Obj>"
    "<Obj N=\"ManagementScopes\" RefId=\"6\"><LST><Obj RefId=\"7\"><MS><S N=\"Name\">LightningSync-svc</S>"
    "<S N=\"RecipientFilter\">Department -eq 'Marketing'</S></MS></Obj></LST></Obj>"
    "<Obj N=\"RoleAssignments\" RefId=\"8\"><LST><Obj RefId=\"9\"><MS><S N=\"Name\">Wide</S>"
    "<S N=\"Role\">ApplicationImpersonation</S><S N=\"RoleAssigneeName\">svc</S><S N=\"RoleAssigneeType\">User</S>"
    "<S N=\"RecipientWriteScope\">Organization</S><B N=\"Enabled\">true</B></MS></Obj></LST></Obj>"
    "</MS></Obj></Objs>";

/* Which Exchange the evidence means: the session's cmdlets, or a snapshot. */
static void test_exchange_target(void) {
    LsyncTarget target = LSYNC_TARGET_NONE;
    LsyncError *error = NULL;
    CHECK(lsync_target_decide(0, NULL, 0, &target, &error) == LSYNC_STATUS_OK);
    CHECK(target == LSYNC_TARGET_NONE);
    CHECK(lsync_target_decide(LSYNC_SESSION_GET_EXCHANGE_SERVER | LSYNC_SESSION_GET_SERVICE_PRINCIPAL, NULL, 0, &target, NULL) == LSYNC_STATUS_OK);
    CHECK(target == LSYNC_TARGET_ON_PREMISES);
    CHECK(lsync_target_decide(LSYNC_SESSION_GET_CONNECTION_INFORMATION, NULL, 0, &target, NULL) == LSYNC_STATUS_OK);
    CHECK(target == LSYNC_TARGET_EXCHANGE_ONLINE);
    CHECK(lsync_target_decide(LSYNC_SESSION_GET_SERVICE_PRINCIPAL, (const uint8_t *)PLAN_SNAPSHOT, LEN(PLAN_SNAPSHOT), &target, NULL) == LSYNC_STATUS_OK);
    CHECK(target == LSYNC_TARGET_ON_PREMISES);
    CHECK(lsync_target_decide(8, NULL, 0, &target, &error) == LSYNC_STATUS_INVALID_ARGUMENT);
    char *message = take_error_message(error);
    CHECK(strstr(message, "LSYNC_SESSION_") != NULL);
    free(message);
    CHECK(lsync_target_decide(0, (const uint8_t *)"x", 1, &target, NULL) == LSYNC_STATUS_SNAPSHOT_INVALID);
    CHECK(lsync_target_decide(0, NULL, 0, NULL, NULL) == LSYNC_STATUS_NULL_ARGUMENT);
}

static void test_plan(void) {
    static const char desired[] =
        "{\"account\":\"svc\",\"filter\":\"Department -eq 'Sales'\",\"skipLegacyAdPermission\":true,"
        "\"onExistingScope\":\"Update\"}";
    LsyncText *text = NULL;
    LsyncError *error = NULL;
    LsyncStatus status = lsync_plan_setup((const uint8_t *)PLAN_SNAPSHOT, LEN(PLAN_SNAPSHOT),
                                          (const uint8_t *)desired, LEN(desired), &text, &error);
    CHECK(status == LSYNC_STATUS_OK);
    CHECK(error == NULL);
    char *plan = take_text(text);
    CHECK(strstr(plan, "\"Action\":\"UpdateScope\"") != NULL);
    CHECK(strstr(plan, "\"Code\":\"UnscopedImpersonation\"") != NULL);
    CHECK(strstr(plan, "\"ExchangeVersion\":\"SE\"") != NULL);

    /* The plan renders as a script. */
    text = NULL;
    status = lsync_plan_render_script((const uint8_t *)plan, strlen(plan), &text, NULL);
    CHECK(status == LSYNC_STATUS_OK);
    char *script = take_text(text);
    CHECK(strstr(script, "Set-ManagementScope -Identity 'LightningSync-svc' -RecipientRestrictionFilter "
                         "'Department -eq ''Sales''' -ErrorAction Stop -Confirm:$false") != NULL);
    free(script);
    free(plan);

    /* Conflicting scope with onExistingScope Fail names both filters. */
    static const char failing[] = "{\"account\":\"svc\",\"filter\":\"Department -eq 'Sales'\"}";
    text = NULL;
    status = lsync_plan_setup((const uint8_t *)PLAN_SNAPSHOT, LEN(PLAN_SNAPSHOT), (const uint8_t *)failing,
                              LEN(failing), &text, &error);
    CHECK(status == LSYNC_STATUS_PLAN_CONFLICT);
    CHECK(text == NULL);
    char *message = take_error_message(error);
    CHECK(strstr(message, "Marketing") != NULL && strstr(message, "Sales") != NULL);
    free(message);

    /* Offline planning: empty snapshot, exchangeVersion given. */
    static const char offline[] =
        "{\"account\":\"svc@contoso.com\",\"filter\":\"Office -eq 'Paris'\",\"exchangeVersion\":\"2010\"}";
    status = lsync_plan_setup(NULL, 0, (const uint8_t *)offline, LEN(offline), &text, NULL);
    CHECK(status == LSYNC_STATUS_OK);
    plan = take_text(text);
    CHECK(strstr(plan, "GrantAdPermission") == NULL);
    free(plan);

    /* Filter errors carry a position; bad snapshots and bad JSON have their own statuses. */
    static const char bad_filter[] = "{\"account\":\"svc\",\"filter\":\"Department -eq Sales'\"}";
    error = NULL;
    status = lsync_plan_setup(NULL, 0, (const uint8_t *)bad_filter, LEN(bad_filter), &text, &error);
    CHECK(status == LSYNC_STATUS_DESIRED_INVALID);
    CHECK(lsync_error_position(error) > 0);
    lsync_error_free(error);
    status = lsync_plan_setup((const uint8_t *)"<Objs", 5, (const uint8_t *)desired, LEN(desired), &text, NULL);
    CHECK(status == LSYNC_STATUS_SNAPSHOT_INVALID);
    status = lsync_plan_setup(NULL, 0, (const uint8_t *)desired, LEN(desired), NULL, NULL);
    CHECK(status == LSYNC_STATUS_NULL_ARGUMENT);
    status = lsync_plan_render_script((const uint8_t *)"{}", 2, &text, NULL);
    CHECK(status == LSYNC_STATUS_PLAN_INVALID);
    static const char invalid_utf8[] = "{\"account\":\"\xff\"}";
    status = lsync_plan_setup(NULL, 0, (const uint8_t *)invalid_utf8, LEN(invalid_utf8), &text, NULL);
    CHECK(status == LSYNC_STATUS_INVALID_UTF8);

    /* Removal: the account's assignment and the unused scope. */
    text = NULL;
    status = lsync_plan_removal((const uint8_t *)PLAN_SNAPSHOT, LEN(PLAN_SNAPSHOT), (const uint8_t *)failing,
                                LEN(failing), &text, NULL);
    CHECK(status == LSYNC_STATUS_OK);
    plan = take_text(text);
    CHECK(strstr(plan, "\"Kind\":\"Removal\"") != NULL);
    CHECK(strstr(plan, "\"Action\":\"RemoveAssignment\"") != NULL);
    CHECK(strstr(plan, "\"Action\":\"RemoveScope\"") != NULL);
    free(plan);
    status = lsync_plan_removal(NULL, 0, (const uint8_t *)failing, LEN(failing), &text, NULL);
    CHECK(status == LSYNC_STATUS_SNAPSHOT_INVALID);

    /* Audit. */
    text = NULL;
    status = lsync_audit_snapshot((const uint8_t *)PLAN_SNAPSHOT, LEN(PLAN_SNAPSHOT), &text, NULL);
    CHECK(status == LSYNC_STATUS_OK);
    char *audit = take_text(text);
    CHECK(strstr(audit, "\"Reach\":\"Organization\"") != NULL);
    CHECK(strstr(audit, "\"Code\":\"OrphanedScope\"") != NULL);
    free(audit);
    status = lsync_audit_snapshot((const uint8_t *)"x", 1, &text, NULL);
    CHECK(status == LSYNC_STATUS_SNAPSHOT_INVALID);
}

static void test_report(void) {
    /* The HTML report: a page with the audit's findings, values escaped. */
    LsyncText *text = NULL;
    LsyncError *error = NULL;
    static const char options[] = "{\"generatedAt\":\"<now>\",\"moduleVersion\":\"1.2.3\"}";
    LsyncStatus status = lsync_report_render((const uint8_t *)PLAN_SNAPSHOT, LEN(PLAN_SNAPSHOT),
                                             (const uint8_t *)options, LEN(options), &text, &error);
    CHECK(status == LSYNC_STATUS_OK);
    CHECK(error == NULL);
    char *html = take_text(text);
    CHECK(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    CHECK(strstr(html, "Content-Security-Policy") != NULL);
    CHECK(strstr(html, "OrphanedScope") != NULL);
    CHECK(strstr(html, "&lt;now&gt;") != NULL);
    CHECK(strstr(html, "<now>") == NULL);
    free(html);

    /* Failures leave the out-pointer alone and name the bad input. */
    text = NULL;
    static const char bad[] = "{\"acount\":\"svc\"}";
    status = lsync_report_render((const uint8_t *)PLAN_SNAPSHOT, LEN(PLAN_SNAPSHOT), (const uint8_t *)bad,
                                 LEN(bad), &text, &error);
    CHECK(status == LSYNC_STATUS_REPORT_OPTIONS_INVALID);
    CHECK(text == NULL);
    char *message = take_error_message(error);
    CHECK(strstr(message, "acount") != NULL);
    free(message);
    status = lsync_report_render((const uint8_t *)"x", 1, NULL, 0, &text, NULL);
    CHECK(status == LSYNC_STATUS_SNAPSHOT_INVALID);
    status = lsync_report_render((const uint8_t *)PLAN_SNAPSHOT, LEN(PLAN_SNAPSHOT), NULL, 0, NULL, NULL);
    CHECK(status == LSYNC_STATUS_NULL_ARGUMENT);
}

int main(void) {
    test_versions();
    test_text_and_error_accessors();
    test_filter();
    test_filter_batch();
    test_ews();
    test_cmdlet_error();
    test_recipient_import();
    test_preview();
    test_plan();
    test_exchange_target();
    test_report();
    printf("c: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
