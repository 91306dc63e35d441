//! Attachments over HTTP: a dealer's phone photo on a claim is seen by the reviewer, byte
//! for byte; another dealer answers 404; the size, the type (by content) and the count are
//! refused by name; the same content is stored once; a service report takes files too.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{ADMIN, CLERK, DEALER, REVIEWER, TestApp, UNIT, claim_body, repaired};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const OTHER_DEALER: &str = "demo-dealer-D002";

/// A small JPEG-signed file of `len` bytes.
fn jpeg(len: usize, fill: u8) -> Vec<u8> {
    let mut b = vec![fill; len.max(4)];
    b[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    b
}

async fn upload(
    app: &TestApp,
    document: &str,
    token: &str,
    query: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> common::Answer {
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/documents/{document}/attachments{query}"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(Body::from(bytes))
        .unwrap();
    app.send(req).await
}

/// The raw answer of a download: status, content type, disposition and bytes.
async fn download(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, String, Vec<u8>) {
    let req = Request::builder()
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let header = |n: &str| {
        resp.headers()
            .get(n)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (ct, cd) = (header("content-type"), header("content-disposition"));
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ct, cd, bytes)
}

async fn claim(app: &TestApp) -> String {
    let c = app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    c["number"].as_str().unwrap().to_string()
}

/// The dealer attaches a phone photo; the reviewer lists it and downloads the same bytes
/// with its type and name; another dealer sees neither the list nor the file, nor may
/// attach; the upload leaves an audit event.
#[tokio::test]
async fn a_dealers_photo_is_seen_by_the_reviewer_and_no_other_dealer() {
    let app = repaired(Some("2026-03-10")).await;
    let number = claim(&app).await;
    let photo = jpeg(300_000, 7);
    let a = upload(
        &app,
        &number,
        DEALER,
        "?name=%E6%95%85%E9%9A%9C.jpg",
        "image/jpeg",
        photo.clone(),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["seq"], 1);
    assert_eq!(a.body["name"], "故障.jpg");
    assert_eq!(a.body["file_type"], "jpeg");
    assert_eq!(a.body["size_bytes"], 300_000);
    assert_eq!(a.body["document"], number.as_str());

    let list = app
        .get(&format!("/api/v1/documents/{number}/attachments"), REVIEWER)
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body.as_array().unwrap().len(), 1);
    let (status, ct, cd, bytes) = download(&app, &format!("/api/v1/documents/{number}/attachments/1"), REVIEWER).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ct, "image/jpeg");
    assert_eq!(cd, "inline; filename*=UTF-8''%E6%95%85%E9%9A%9C.jpg");
    assert_eq!(bytes, photo, "the file comes back byte for byte (two chunks)");

    for path in [
        format!("/api/v1/documents/{number}/attachments"),
        format!("/api/v1/documents/{number}/attachments/1"),
    ] {
        let other = app.get(&path, OTHER_DEALER).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(other.body["code"], "not_found");
    }
    let other = upload(&app, &number, OTHER_DEALER, "", "image/jpeg", jpeg(10, 1)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.body);
    let missing = app
        .get(&format!("/api/v1/documents/{number}/attachments/2"), DEALER)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let not_attachable = upload(&app, "RQ-000001", DEALER, "", "image/jpeg", jpeg(10, 1)).await;
    assert_eq!(not_attachable.status, StatusCode::NOT_FOUND);

    let audit = app
        .get(&format!("/api/v1/audit?entity=claim&key={number}"), ADMIN)
        .await
        .body;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"attach"), "{actions:?}");
    app.assert_balanced().await;
}

/// Refusals by name: over 10 MiB (413 `file_too_large`), text named `.jpg` (415
/// `file_type_not_allowed`, by content), empty (422), the 21st file (409
/// `too_many_attachments`); none of them writes anything.
#[tokio::test]
async fn size_type_and_count_are_refused_by_name() {
    let app = repaired(Some("2026-03-10")).await;
    let number = claim(&app).await;
    let big = upload(&app, &number, DEALER, "", "image/jpeg", jpeg(10 * 1024 * 1024 + 1, 0)).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", big.body);
    assert_eq!(big.body["code"], "file_too_large");
    assert_eq!(big.body["params"]["limit_bytes"], 10 * 1024 * 1024);
    let exactly = upload(&app, &number, DEALER, "", "image/jpeg", jpeg(10 * 1024 * 1024, 0)).await;
    assert_eq!(
        exactly.status,
        StatusCode::CREATED,
        "10 MiB is allowed: {}",
        exactly.body
    );

    let text = upload(
        &app,
        &number,
        DEALER,
        "?name=photo.jpg",
        "image/jpeg",
        b"not a photo".to_vec(),
    )
    .await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", text.body);
    assert_eq!(text.body["code"], "file_type_not_allowed");
    assert_eq!(text.body["params"]["content_type"], "image/jpeg");
    let empty = upload(&app, &number, DEALER, "", "image/jpeg", Vec::new()).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_name = upload(&app, &number, DEALER, "?name=..%2Fx.jpg", "image/jpeg", jpeg(10, 1)).await;
    assert_eq!(bad_name.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_name.body["params"]["field"], "name");
    // PNG and PDF by content, whatever was declared.
    let png = [&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..], &[1, 2, 3]].concat();
    let p = upload(&app, &number, DEALER, "", "application/octet-stream", png).await;
    assert_eq!(p.body["file_type"], "png");
    let pdf = upload(&app, &number, DEALER, "", "image/jpeg", b"%PDF-1.4\n%%EOF".to_vec()).await;
    assert_eq!(pdf.body["file_type"], "pdf");
    assert_eq!(pdf.body["name"], format!("{number}-3.pdf"));
    for i in 4..=20u8 {
        let a = upload(&app, &number, DEALER, "", "image/jpeg", jpeg(20, i)).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    }
    let over = upload(&app, &number, DEALER, "", "image/jpeg", jpeg(20, 99)).await;
    assert_eq!(over.status, StatusCode::CONFLICT, "{}", over.body);
    assert_eq!(over.body["code"], "too_many_attachments");
    assert_eq!(over.body["params"], json!({"document": number, "limit": 20}));
    let list = app
        .get(&format!("/api/v1/documents/{number}/attachments"), DEALER)
        .await
        .body;
    assert_eq!(list.as_array().unwrap().len(), 20);
}

/// The same photo on two documents is stored once (one SHA-256) and read back from
/// either; a service report takes files with its own visibility; a retried upload with
/// its key is answered from the first.
#[tokio::test]
async fn same_content_once_service_reports_and_retries() {
    let app = repaired(Some("2026-03-10")).await;
    let number = claim(&app).await;
    let sr = app
        .ok(
            "/api/v1/service-reports",
            DEALER,
            json!({"unit_serial": UNIT, "requisition": "RQ-000001", "fault_code": "BRK-021", "description": "replaced chamber",
                "usage_km": 81300, "labor_minutes": 150, "consumed": [{"part_no": "BC-3519", "qty": 1}],
                "customer_name": "Line 12", "customer_signed_at": "2026-09-14T09:30:00Z"}),
            201,
        )
        .await;
    let sr = sr["number"].as_str().unwrap().to_string();
    let photo = jpeg(5_000, 3);
    let a = upload(&app, &number, DEALER, "", "image/jpeg", photo.clone())
        .await
        .body;
    let b = upload(&app, &sr, DEALER, "", "image/jpeg", photo.clone()).await.body;
    assert_eq!(a["sha256"], b["sha256"]);
    let (_, _, _, bytes) = download(&app, &format!("/api/v1/documents/{sr}/attachments/1"), DEALER).await;
    assert_eq!(bytes, photo);
    let other = app
        .get(&format!("/api/v1/documents/{sr}/attachments"), OTHER_DEALER)
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    let keyed = |key: &'static str| {
        Request::builder()
            .method(Method::POST)
            .uri(format!("/api/v1/documents/{sr}/attachments"))
            .header("authorization", format!("Bearer {DEALER}"))
            .header("content-type", "image/jpeg")
            .header("idempotency-key", key)
            .body(Body::from(jpeg(64, 9)))
            .unwrap()
    };
    let first = app.send(keyed("photo-1")).await;
    let again = app.send(keyed("photo-1")).await;
    assert_eq!(first.body, again.body);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    let list: Value = app
        .get(&format!("/api/v1/documents/{sr}/attachments"), DEALER)
        .await
        .body;
    assert_eq!(list.as_array().unwrap().len(), 2);
}

/// A service request takes files (the customer's photo of the fault) with the request's
/// own visibility: its dealer attaches and reads them, another dealer answers 404.
#[tokio::test]
async fn a_service_request_takes_files_its_dealer_sees() {
    let app = repaired(None).await;
    let sv = app
        .ok(
            "/api/v1/service-requests",
            CLERK,
            json!({"channel": "phone", "customer": "Harbin Bus Line 12", "contact": "13800000000", "dealer": "D001",
                "fault_class": "body", "distance_km": 20, "description": "door will not close"}),
            201,
        )
        .await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let photo = jpeg(2_000, 7);
    let a = upload(&app, &sv, DEALER, "?name=door.jpg", "image/jpeg", photo.clone()).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let (status, ct, _, bytes) = download(&app, &format!("/api/v1/documents/{sv}/attachments/1"), CLERK).await;
    assert_eq!((status, ct.as_str(), bytes), (StatusCode::OK, "image/jpeg", photo));
    let other = upload(&app, &sv, OTHER_DEALER, "", "image/jpeg", jpeg(100, 1)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/api/v1/documents/{sv}/attachments"), OTHER_DEALER)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
