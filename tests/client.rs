#[test]
fn sizes() {
    use telegram_bot_api::types::*;
    println!("Message {} Update {} Chat {} User {} ChatFullInfo {} ExternalReplyInfo {} Sticker {} CallbackQuery {}", std::mem::size_of::<Message>(), std::mem::size_of::<Update>(), std::mem::size_of::<Chat>(), std::mem::size_of::<User>(), std::mem::size_of::<ChatFullInfo>(), std::mem::size_of::<ExternalReplyInfo>(), std::mem::size_of::<Sticker>(), std::mem::size_of::<CallbackQuery>());
}
