//! Saves a picture of a view on a small, realistic journal:
//! `screenshot [OUT.png] [--view today|journal|insights|realign|trends|settings|welcome] [--dark] [--scroll PIXELS]
//! [--scroll-to TESTID] [--size WIDTHxHEIGHT] [--press TESTID]`. `--scroll-to` scrolls the view so that the
//! element with that `data-testid` is at its top (`--scroll` then adds to that). Views other than Today get four months of the demo journal behind
//! today's entries, so there is something to analyse and browse (`--today-only` leaves it out,
//! to see the early states; `--shift` uses a generated journal with a shift in its break rate).
//!
//! Run it under a display with tauri-driver installed and the app built (`cargo xtask
//! screenshot` does all of that under Xvfb). The journal is a temporary file.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{Local, NaiveTime, TimeZone};
use fantoccini::Locator;
use plumbline_core::interchange::ImportMeta;
use plumbline_core::{Checkin, EventInput, FixedClock, Instant, Kind, ReflectionInput, Store};
use plumbline_tests::webdriver::{preflight, quit, session, Driver, WAIT};

fn at(hh: u32, mm: u32) -> Instant {
    let today = Local::now().date_naive();
    let t = NaiveTime::from_hms_opt(hh, mm, 0).expect("valid time");
    Local
        .from_local_datetime(&today.and_time(t))
        .earliest()
        .expect("a local time outside any gap")
        .fixed_offset()
}

fn fill(store: &mut Store) -> Result<(), Box<dyn std::error::Error>> {
    let clock = FixedClock(at(21, 10));
    let mut e = EventInput::new(at(8, 50), Kind::Completed, "Review the quarterly plan");
    e.domain = Some("planning".into());
    e.friction = Some(2);
    e.emotion = Some("focused".into());
    store.log_event(e, &clock)?;

    let mut e = EventInput::new(
        at(10, 40),
        Kind::DelayedStart,
        "Write the client newsletter",
    );
    e.domain = Some("content".into());
    e.delay_minutes = Some(40);
    e.thought = Some("It needs another pass before anyone sees it".into());
    e.emotion = Some("anxious".into());
    e.friction = Some(4);
    e.tags = vec!["publish".into()];
    store.log_event(e, &clock)?;

    let mut e = EventInput::new(at(14, 15), Kind::Switched, "Record the course intro");
    e.progress = Some(0.3);
    e.thought = Some("Better to fix the slides first".into());
    e.friction = Some(3);
    store.log_event(e, &clock)?;

    let mut e = EventInput::new(at(16, 30), Kind::Avoided, "Send the invoice to Marlow & Co");
    e.domain = Some("money".into());
    e.thought = Some("They might push back on the price".into());
    e.emotion = Some("uneasy".into());
    e.friction = Some(4);
    store.log_event(e, &clock)?;

    let mut c = Checkin::new(clock.0.date_naive(), 2);
    c.energy = Some(3);
    c.mood = Some(3);
    store.save_checkin(c, &clock)?;

    let prompt = store.prompts(None)?.into_iter().find(|p| p.builtin);
    if let Some(p) = prompt {
        let mut r = ReflectionInput::new(
            at(21, 5),
            "I told myself the newsletter wasn't ready. It was; I didn't want it judged.",
        );
        r.prompt_id = Some(p.id);
        store.add_reflection(r, &clock)?;
    }

    use plumbline_core::reminders::{Purpose, QuietHours, ReminderInput, Weekdays};
    let mut evening = ReminderInput::new("21:00".parse()?, Purpose::Reflection);
    evening.days = Weekdays::WORKDAYS;
    store.add_reminder(evening, &clock)?;
    store.add_reminder(
        ReminderInput::new("20:30".parse()?, Purpose::Checkin),
        &clock,
    )?;
    let weekend = store.add_reminder(
        ReminderInput::new("10:00".parse()?, Purpose::Reflection),
        &clock,
    )?;
    store.set_reminder_enabled(&weekend.id, false)?;
    store.set_quiet_hours(Some(QuietHours::new("22:30".parse()?, "07:00".parse()?)?))?;
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = PathBuf::from("docs/screenshot.png");
    let mut dark = false;
    let mut scroll = 0u32;
    let mut size: Option<(u32, u32)> = None;
    let mut view = String::from("today");
    let mut today_only = false;
    let mut shift = false;
    let mut press: Option<String> = None;
    let mut scroll_to: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dark" => dark = true,
            "--view" => view = args.next().ok_or("--view needs a view's name")?,
            "--today-only" => today_only = true,
            "--shift" => shift = true,
            "--press" => press = Some(args.next().ok_or("--press needs a data-testid")?),
            "--scroll-to" => {
                scroll_to = Some(args.next().ok_or("--scroll-to needs a data-testid")?);
            }
            "--scroll" => {
                scroll = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--scroll needs a number of pixels")?;
            }
            "--size" => {
                let v = args.next().ok_or("--size needs WIDTHxHEIGHT")?;
                let (w, h) = v.split_once('x').ok_or("--size needs WIDTHxHEIGHT")?;
                size = Some((w.parse()?, h.parse()?));
            }
            _ => out = PathBuf::from(a),
        }
    }
    preflight();
    let dir = tempfile::tempdir()?;
    let journal = dir.path().join("journal.plumbline");
    let mut store = Store::open(&journal)?;
    let welcome = view == "welcome";
    if view != "today" && !today_only && !welcome {
        let clock = FixedClock(at(21, 10));
        let yesterday = clock.0.date_naive().pred_opt().ok_or("no yesterday")?;
        if shift {
            // A generated journal whose breaks become more frequent ten weeks in, to show how
            // detected shifts are marked.
            let mut cfg = plumbline_tests::gen::Config::planted(
                7,
                "visibility_risk",
                plumbline_tests::gen::Strength::Strong,
            );
            cfg.start = yesterday - chrono::Days::new(119);
            cfg.days = 120;
            cfg.shift = Some((70, 0.3));
            let meta = ImportMeta {
                format: "generated".into(),
                file: None,
                dry_run: false,
            };
            store.apply_import(&plumbline_tests::gen::journal(&cfg).batch, &meta, &clock)?;
        } else {
            plumbline_core::demo::fill(&mut store, 120, 7, yesterday, &clock)?;
        }
    }
    if !welcome {
        fill(&mut store)?;
    }
    if view == "realign" && !today_only {
        // A pathway six weeks in on the demo's visibility pattern, with its reminder.
        let clock = FixedClock(at(21, 10));
        store.set_verdict(
            "visibility_risk",
            plumbline_core::VerdictKind::Confirmed,
            clock.0,
            None,
        )?;
        let p = store.add_pathway(plumbline_core::domain::PathwayInput {
            belief_id: "visibility_risk".into(),
            reframe: Some("Feedback on a draft is information, not a verdict on me.".into()),
            next_action: Some("Send the newsletter draft to two readers as it is".into()),
            cycle: Some("Tuesdays 10:00, drafting capped at 45 minutes, then it ships".into()),
            if_then: Some("If I reopen it to polish, then I send it within ten minutes".into()),
            started_on: clock.0.date_naive() - chrono::Days::new(42),
        })?;
        let mut r = plumbline_core::reminders::ReminderInput::new(
            "09:30".parse()?,
            plumbline_core::reminders::Purpose::Pathway,
        );
        r.days = "tue".parse()?;
        r.pathway_id = Some(p.id);
        store.add_reminder(r, &clock)?;
    }
    drop(store);

    let theme: &[(&str, &str)] = if dark {
        &[("GTK_THEME", "Adwaita:dark")]
    } else {
        &[("GTK_THEME", "Adwaita")]
    };
    // The first run's page is shown on an empty journal the app has not opened before.
    let _driver = if welcome {
        Driver::first_run_with(&journal, theme)
    } else {
        Driver::start_with(&journal, theme)
    };
    let c = session().await;
    let ready = if welcome {
        "[data-testid='welcome']"
    } else {
        "[data-testid='view'][data-ready='true']"
    };
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(ready))
        .await?;
    if let Some((w, h)) = size {
        c.set_window_size(w, h).await?;
    }
    if view != "today" && !welcome {
        c.find(Locator::Css(&format!("[data-testid='nav-{view}']")))
            .await?
            .click()
            .await?;
        c.wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&format!(
                "[data-testid='{view}'][data-ready='true']:not([data-pending])"
            )))
            .await?;
    }
    if let Some(id) = press {
        // Presses a control first (e.g. belief-confirm), to picture the state it leads to.
        // (Through the DOM, so a control below the fold can be pressed too.)
        c.find(Locator::Css(&format!("[data-testid='{id}']")))
            .await?;
        c.execute(
            "document.querySelector(`[data-testid='${arguments[0]}']`).click();",
            vec![serde_json::json!(id)],
        )
        .await?;
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    if let Some(id) = scroll_to {
        c.find(Locator::Css(&format!("[data-testid='{id}']")))
            .await?;
        c.execute(
            "const v = document.getElementById('view');\
             const e = document.querySelector(`[data-testid='${arguments[0]}']`);\
             v.scrollTop += e.getBoundingClientRect().top - v.getBoundingClientRect().top;",
            vec![serde_json::json!(id)],
        )
        .await?;
    }
    if scroll > 0 {
        c.execute(
            "document.getElementById('view').scrollTop += arguments[0];",
            vec![serde_json::json!(scroll)],
        )
        .await?;
    }
    // Let the focus ring and fonts settle before the picture.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let png = c.screenshot().await?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&out, png)?;
    quit(c, &journal).await;
    eprintln!("saved {}", out.display());
    Ok(())
}
