//! An echo bot for the Letgram Bot API: long polling with `getUpdates`, answering every
//! text message with the same text. Run with `LETGRAM_TOKEN=... cargo run -p tests
//! --example letgram_echo_bot`.

use letgram_bot_api::client::{Bot, Error};
use letgram_bot_api::prelude::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let token = std::env::var("LETGRAM_TOKEN").expect("set LETGRAM_TOKEN to the bot's token");
    let bot = Bot::new(token);
    let mut offset = 0;
    loop {
        let updates = bot.get_updates().offset(offset).timeout(30).await?;
        for update in updates {
            // An update this crate cannot read is reported with its id, and skipped.
            let update = match update {
                Ok(update) => update,
                Err(error) => {
                    eprintln!("skipped: {error}");
                    offset = error.id.map_or(offset, |id| id + 1);
                    continue;
                }
            };
            offset = update.update_id + 1;
            let Some(message) = update.message else {
                continue;
            };
            if let Some(text) = &message.text {
                bot.send_message(message.chat.id, text.as_str())
                    .reply_to_message_id(message.message_id)
                    .await?;
            }
        }
    }
}
