//! The keys the analysis and reminders share: the time-of-day [`BLOCKS`] with [`block_of`], and
//! [`normalise`], the text key under which tasks, tags, domains and emotions are grouped.

/// The time-of-day blocks, by index: morning 05:00–11:59, afternoon 12:00–16:59, evening
/// 17:00–21:59, night the rest.
pub const BLOCKS: [&str; 4] = ["morning", "afternoon", "evening", "night"];

/// The time-of-day block (an index into [`BLOCKS`]) of a local minute of the day.
pub fn block_of(minute: u16) -> usize {
    match minute {
        300..=719 => 0,
        720..=1019 => 1,
        1020..=1319 => 2,
        _ => 3,
    }
}

/// Lowercased, whitespace collapsed, trailing punctuation dropped: the key under which tasks,
/// tags, domains and emotions are grouped (the analysis's slices, the reminders' hints).
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out.trim_end_matches(['.', '!', '?', ',', ';', ':'])
        .to_string()
}
