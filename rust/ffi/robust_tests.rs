//! Inputs that crashed, hung or panicked the library (issue 18): each now
//! ends in a status, in bounded time, with the panic's own message where a
//! panic is planted.

use super::plan::lsync_audit_snapshot;
use super::preview::lsync_preview_job_free;
use super::recipient_import::{
    lsync_recipient_import_free, lsync_recipient_import_next, lsync_recipient_import_open,
};
use super::status::LsyncStatus;
use super::test_support::{finish_job, start_job as start, take_error, take_text};
use std::ptr::null_mut;
use std::sync::mpsc::channel;
use std::time::Duration;

/// Runs `f` on its own thread and fails the test if it has not ended after
/// two minutes (a hang detector, not a speed test).
fn ends<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = channel();
    std::thread::spawn(move || tx.send(f()));
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("{what} did not return"),
        Err(_) => panic!("{what} failed (see above)"),
    }
}

/// Starts a preview job of `filter` over the file at `path`.
fn start_job(filter: &str, path: &str) -> *mut super::preview::LsyncPreviewJob {
    start(filter, &serde_json::to_string(&[path]).unwrap()).unwrap()
}

fn job(filter: &str, path: &str) -> (LsyncStatus, String) {
    let job = start_job(filter, path);
    let (status, detail) = match finish_job(job) {
        Ok(json) => (LsyncStatus::Ok, json.to_string()),
        Err(error) => (error.status(), error.message().to_owned()),
    };
    unsafe { lsync_preview_job_free(job) };
    (status, detail)
}

#[test]
fn an_application_role_name_with_a_multibyte_character_is_no_panic() {
    let mut xml = crate::orgstate::read_snapshot_test_xml(false);
    let root_end = xml.rfind("</MS></Obj></Objs>").unwrap();
    xml.insert_str(
        root_end,
        r#"<Obj N="RoleAssignments" RefId="10"><LST><Obj RefId="11"><MS><S N="Name">A</S><S N="Role">Applicationé</S><S N="RoleAssignee">svc</S><S N="RoleAssigneeName">svc</S><S N="RoleAssigneeType">User</S><B N="Enabled">true</B><S N="RoleAssignmentDelegationType">Regular</S></MS></Obj></LST></Obj>"#,
    );
    let state = crate::orgstate::read_snapshot(&xml).unwrap();
    assert_eq!(state.assignments[0].role, "Applicationé");
    assert!(xml.contains("Applicationé"));
    let mut out = null_mut();
    let mut error = null_mut();
    let status = unsafe { lsync_audit_snapshot(xml.as_ptr(), xml.len(), &mut out, &mut error) };
    assert_eq!(status, LsyncStatus::Ok, "{}", take_error(error).message());
    assert!(take_text(out).contains("Coverage"));
}

#[test]
fn a_csv_type_line_with_a_multibyte_character_is_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.csv");
    std::fs::write(&path, "#TYPE 123456789012é…\n\"Name\"\n\"a\"\n").unwrap();
    let path = path.to_str().unwrap().to_owned();
    let mut import = null_mut();
    let status =
        unsafe { lsync_recipient_import_open(path.as_ptr(), path.len(), &mut import, null_mut()) };
    assert_eq!(status, LsyncStatus::Ok);
    let mut text = null_mut();
    let mut error = null_mut();
    let status = unsafe { lsync_recipient_import_next(import, 16, &mut text, &mut error) };
    assert_eq!(status, LsyncStatus::Ok, "{}", take_error(error).message());
    assert!(take_text(text).contains("123456789012é…"));
    unsafe { lsync_recipient_import_free(import) };
    let (status, detail) = job("Name -eq 'a'", &path);
    assert_eq!(status, LsyncStatus::Ok, "{detail}");
}

#[cfg(unix)]
#[test]
fn an_import_of_dev_zero_ends_in_an_error_and_its_free_returns() {
    ends("an import of /dev/zero", || {
        let path = "/dev/zero";
        let mut import = null_mut();
        let status = unsafe {
            lsync_recipient_import_open(path.as_ptr(), path.len(), &mut import, null_mut())
        };
        if status != LsyncStatus::Ok {
            return;
        }
        let mut text = null_mut();
        let mut error = null_mut();
        let status = unsafe { lsync_recipient_import_next(import, 16, &mut text, &mut error) };
        assert_eq!(status, LsyncStatus::ExportUnreadable);
        let message = take_error(error).message().to_owned();
        assert!(
            message.contains("/dev/zero") && message.contains("MiB"),
            "{message}"
        );
        unsafe { lsync_recipient_import_free(import) };
    });
}

#[cfg(unix)]
#[test]
fn freeing_an_import_of_dev_zero_at_once_returns() {
    ends("freeing an import of /dev/zero", || {
        let path = "/dev/zero";
        let mut import = null_mut();
        let status = unsafe {
            lsync_recipient_import_open(path.as_ptr(), path.len(), &mut import, null_mut())
        };
        if status == LsyncStatus::Ok {
            unsafe { lsync_recipient_import_free(import) };
        }
    });
}

#[cfg(unix)]
#[test]
fn a_preview_of_dev_zero_ends_in_an_error_and_its_free_returns() {
    let (status, detail) = ends("a preview of /dev/zero", || {
        job("Name -eq 'a'", "/dev/zero")
    });
    assert_ne!(status, LsyncStatus::Ok);
    // Format sniffing sees its NUL bytes first; past that, the size limits end the read.
    assert!(
        detail.contains("control byte 0x00") || detail.contains("MiB"),
        "{detail}"
    );
}

#[test]
fn a_panic_on_the_preview_thread_is_a_panic_status_with_its_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lsync-planted-panic.csv");
    std::fs::write(&path, "\"Name\"\n\"a\"\n").unwrap();
    let (status, detail) = job("Name -eq 'a'", path.to_str().unwrap());
    assert_eq!(status, LsyncStatus::Panic, "{detail}");
    assert!(
        detail.contains("planted panic on the preview thread"),
        "{detail}"
    );
}

/// A named pipe whose writer sends `objects` complete CLIXML objects and the
/// start of one more, then stays silent (holding the pipe open) for a minute.
#[cfg(unix)]
fn silent_pipe(objects: usize, padding: usize) -> (tempfile::TempDir, String) {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("silent.xml");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    let writer_path = path.clone();
    std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new()
            .write(true)
            .open(writer_path)
            .unwrap();
        let mut text = String::from(
            "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">",
        );
        for i in 0..objects {
            text.push_str(&format!(
                "<Obj RefId=\"{i}\"><TN RefId=\"{i}\"><T>Deserialized.Microsoft.Exchange.Data.Directory.Management.User</T></TN><MS><S N=\"Name\">user{i}</S><S N=\"Department\">Sales</S><S N=\"Notes\">{}</S></MS></Obj>",
                "n".repeat(padding)
            ));
        }
        text.push_str("<Obj RefId=\"x\"><MS><S N=\"Name\">half");
        let _ = pipe.write_all(text.as_bytes());
        let _ = pipe.flush();
        std::thread::sleep(Duration::from_secs(60));
    });
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

#[cfg(unix)]
#[test]
fn freeing_a_preview_job_whose_pipe_went_silent_returns() {
    let (_dir, path) = silent_pipe(300, 0);
    let detector = std::time::Instant::now();
    ends("freeing a preview job of a silent pipe", move || {
        let job = start_job("Department -eq 'Sales'", &path);
        unsafe { lsync_preview_job_free(job) };
    });
    assert!(
        detector.elapsed() < Duration::from_secs(30),
        "the free waited for the silent pipe"
    );
}
