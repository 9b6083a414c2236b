//! Prompts, beliefs (built-in catalog plus the person's own), verdicts and pathways.

use rusqlite::{params, Connection, OptionalExtension};

use super::{new_id, stamp, Result, Store};
use crate::clock::Clock;
use crate::domain::reminder::Reminder;
use crate::domain::{
    format_instant, parse_date, parse_instant, validate_required_text, Belief, CustomBelief,
    Invalid, Layer, Pathway, PathwayInput, Prompt, Verdict, VerdictKind, MAX_LONG_TEXT,
};

impl Store {
    /// The reflection prompts: the built-in set, then the person's own, optionally of one layer.
    pub fn prompts(&self, layer: Option<Layer>) -> Result<Vec<Prompt>> {
        let mut out: Vec<Prompt> = crate::catalog::builtin_prompts()
            .into_iter()
            .filter(|p| layer.is_none_or(|l| p.layer == l))
            .collect();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, layer, text FROM custom_prompts ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (id, l, text) = row?;
            let Ok(l) = l.parse::<Layer>() else { continue };
            if layer.is_none_or(|want| want == l) {
                out.push(Prompt {
                    id,
                    layer: l,
                    text,
                    builtin: false,
                });
            }
        }
        Ok(out)
    }

    /// One prompt by id, built-in or custom.
    pub fn prompt(&self, id: &str) -> Result<Option<Prompt>> {
        Ok(self.prompts(None)?.into_iter().find(|p| p.id == id))
    }

    /// Adds the person's own prompt; returns it with its `custom:` id.
    pub fn add_prompt(&mut self, layer: Layer, text: &str) -> Result<Prompt> {
        let text = text.trim();
        validate_required_text("text", text, MAX_LONG_TEXT)?;
        let id = format!("custom:{}", &new_id()[..13].replace('-', ""));
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO custom_prompts (id, layer, text) VALUES (?1, ?2, ?3)",
            params![id, layer.as_str(), text],
        )?;
        tx.commit()?;
        Ok(Prompt {
            id,
            layer,
            text: text.to_string(),
            builtin: false,
        })
    }

    /// The belief catalog followed by the person's own beliefs.
    pub fn beliefs(&self) -> Result<Vec<Belief>> {
        let mut out = crate::catalog::builtin_beliefs();
        for c in custom_beliefs(self.conn())? {
            out.push(Belief {
                id: c.id,
                statement: c.statement,
                description: String::new(),
                signature: String::new(),
                markers: c.markers,
                builtin: false,
            });
        }
        Ok(out)
    }

    /// Adds or replaces one of the person's own beliefs.
    pub fn save_custom_belief(&mut self, b: CustomBelief) -> Result<()> {
        b.validate()?;
        let tx = self.conn_mut().transaction()?;
        upsert_custom_belief(&tx, &b)?;
        tx.commit()?;
        Ok(())
    }

    /// Stores the person's verdict on a belief link. `evidence` is the number of breaks the link
    /// matched when the verdict was given.
    pub fn set_verdict(
        &mut self,
        belief_id: &str,
        verdict: VerdictKind,
        at: crate::domain::Instant,
        evidence: Option<u32>,
    ) -> Result<()> {
        self.check_belief("belief_id", belief_id)?;
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO verdicts (belief_id, verdict, at, evidence) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (belief_id) DO UPDATE SET verdict = excluded.verdict, at = excluded.at,
                 evidence = excluded.evidence",
            params![belief_id, verdict.as_str(), format_instant(&at), evidence],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Removes the verdict on a belief (the person changed their mind).
    pub fn clear_verdict(&mut self, belief_id: &str) -> Result<bool> {
        let tx = self.conn_mut().transaction()?;
        let n = tx.execute("DELETE FROM verdicts WHERE belief_id = ?1", [belief_id])?;
        tx.commit()?;
        Ok(n > 0)
    }

    /// Every stored verdict with the evidence count at the time, oldest first.
    pub fn verdicts(&self) -> Result<Vec<(Verdict, Option<u32>)>> {
        all_verdicts(self.conn())
    }

    /// Adds or replaces a realignment pathway.
    pub fn save_pathway(&mut self, p: Pathway) -> Result<()> {
        p.validate()?;
        self.check_belief("belief_id", &p.belief_id)?;
        let tx = self.conn_mut().transaction()?;
        upsert_pathway(&tx, &p)?;
        tx.commit()?;
        Ok(())
    }

    /// Starts a pathway; returns it with its new id.
    pub fn add_pathway(&mut self, input: PathwayInput) -> Result<Pathway> {
        let input = input.normalized()?;
        self.check_belief("belief_id", &input.belief_id)?;
        let p = input.into_pathway(new_id());
        let tx = self.conn_mut().transaction()?;
        upsert_pathway(&tx, &p)?;
        tx.commit()?;
        Ok(p)
    }

    /// Changes a pathway: every field but its id.
    pub fn update_pathway(&mut self, id: &str, input: PathwayInput) -> Result<Pathway> {
        let input = input.normalized()?;
        self.check_belief("belief_id", &input.belief_id)?;
        let tx = self.conn_mut().transaction()?;
        if !pathway_exists(&tx, id)? {
            return Err(super::StoreError::NotFound {
                what: "pathway",
                id: id.to_string(),
            });
        }
        let p = input.into_pathway(id.to_string());
        upsert_pathway(&tx, &p)?;
        tx.commit()?;
        Ok(p)
    }

    /// Puts back a deleted pathway with the reminders that carried it (their ids, times and
    /// states as they were), in one transaction: the undo of [`Store::delete_pathway`].
    pub fn restore_pathway(
        &mut self,
        p: &Pathway,
        reminders: &[Reminder],
        clock: &dyn Clock,
    ) -> Result<()> {
        p.validate()?;
        self.check_belief("belief_id", &p.belief_id)?;
        if let Some(r) = reminders.iter().find(|r| {
            r.purpose != crate::domain::reminder::Purpose::Pathway
                || r.pathway_id.as_deref() != Some(p.id.as_str())
        }) {
            return Err(Invalid::new(
                "reminders",
                format!("reminder {} does not carry pathway {}", r.id, p.id),
            )
            .into());
        }
        let tx = self.conn_mut().transaction()?;
        upsert_pathway(&tx, p)?;
        for r in reminders {
            super::reminders::insert_as_is(&tx, r, stamp(&clock.now()))?;
        }
        tx.commit()?;
        Ok(())
    }

    /// One pathway by id.
    pub fn pathway(&self, id: &str) -> Result<Option<Pathway>> {
        Ok(self.pathways()?.into_iter().find(|p| p.id == id))
    }

    /// Every pathway, oldest start first.
    pub fn pathways(&self) -> Result<Vec<Pathway>> {
        all_pathways(self.conn())
    }

    /// Deletes a pathway (and the reminders that carry it).
    pub fn delete_pathway(&mut self, id: &str) -> Result<Pathway> {
        let p = self
            .pathway(id)?
            .ok_or_else(|| super::StoreError::NotFound {
                what: "pathway",
                id: id.to_string(),
            })?;
        let tx = self.conn_mut().transaction()?;
        tx.execute("DELETE FROM pathways WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(p)
    }

    fn check_belief(&self, field: &str, id: &str) -> Result<()> {
        if self.beliefs()?.iter().any(|b| b.id == id) {
            Ok(())
        } else {
            Err(Invalid::new(field, format!("{id:?} is not a known belief")).into())
        }
    }
}

pub(crate) fn custom_beliefs(conn: &Connection) -> Result<Vec<CustomBelief>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, statement, markers FROM custom_beliefs ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(CustomBelief {
            id: r.get(0)?,
            statement: r.get(1)?,
            markers: serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn upsert_custom_belief(conn: &Connection, b: &CustomBelief) -> Result<()> {
    conn.execute(
        "INSERT INTO custom_beliefs (id, statement, markers) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET statement = excluded.statement, markers = excluded.markers",
        params![
            b.id,
            b.statement,
            serde_json::to_string(&b.markers).unwrap_or_else(|_| "[]".into())
        ],
    )?;
    Ok(())
}

pub(crate) fn custom_belief_exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(super::exists(
        conn,
        "SELECT 1 FROM custom_beliefs WHERE id = ?1",
        id,
    )?)
}

pub(crate) fn all_verdicts(conn: &Connection) -> Result<Vec<(Verdict, Option<u32>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT belief_id, verdict, at, evidence FROM verdicts ORDER BY at, belief_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<u32>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (belief_id, verdict, at, evidence) = row?;
        let (Ok(verdict), Ok(at)) = (verdict.parse::<VerdictKind>(), parse_instant(&at)) else {
            continue;
        };
        out.push((
            Verdict {
                belief_id,
                verdict,
                at,
            },
            evidence,
        ));
    }
    Ok(out)
}

/// Inserts a verdict unless the belief already has one at the same or a later time.
pub(crate) fn merge_verdict(conn: &Connection, v: &Verdict) -> Result<bool> {
    let existing: Option<String> = conn
        .query_row(
            "SELECT at FROM verdicts WHERE belief_id = ?1",
            [&v.belief_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(at) = existing.and_then(|s| parse_instant(&s).ok()) {
        if at >= v.at {
            return Ok(false);
        }
    }
    conn.execute(
        "INSERT INTO verdicts (belief_id, verdict, at) VALUES (?1, ?2, ?3)
         ON CONFLICT (belief_id) DO UPDATE SET verdict = excluded.verdict, at = excluded.at",
        params![v.belief_id, v.verdict.as_str(), format_instant(&v.at)],
    )?;
    Ok(true)
}

pub(crate) fn all_pathways(conn: &Connection) -> Result<Vec<Pathway>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, belief_id, reframe, next_action, cycle, if_then, started_on FROM pathways
         ORDER BY started_on, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, belief_id, reframe, next_action, cycle, if_then, started) = row?;
        let Ok(started_on) = parse_date(&started) else {
            continue;
        };
        out.push(Pathway {
            id,
            belief_id,
            reframe,
            next_action,
            cycle,
            if_then,
            started_on,
        });
    }
    Ok(out)
}

pub(crate) fn upsert_pathway(conn: &Connection, p: &Pathway) -> Result<()> {
    conn.execute(
        "INSERT INTO pathways (id, belief_id, reframe, next_action, cycle, if_then, started_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET belief_id = excluded.belief_id, reframe = excluded.reframe,
             next_action = excluded.next_action, cycle = excluded.cycle, if_then = excluded.if_then,
             started_on = excluded.started_on",
        params![
            p.id,
            p.belief_id,
            p.reframe,
            p.next_action,
            p.cycle,
            p.if_then,
            p.started_on.to_string()
        ],
    )?;
    Ok(())
}

pub(crate) fn pathway_exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(super::exists(
        conn,
        "SELECT 1 FROM pathways WHERE id = ?1",
        id,
    )?)
}
