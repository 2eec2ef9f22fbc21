import ArrearsEngine

/// Planning of collection for an invoice left unpaid: contact attempts and how it ends.
extension EventStreamGenerator {
    /// An outbound contact and the `work_done` of the action it carried out, five minutes later.
    func planContact(_ i: Int, day: Int, _ channel: Channel, _ outcome: ContactOutcome, work: BaselineAction?) {
        let s = office(i)
        plan(i, day: day, second: s, .contact(channel, .outbound, outcome))
        if let work { plan(i, day: day, second: s + 300, .workDone(work, outcome == .wrongNumber || outcome == .bounced ? .failed : .done)) }
    }

    /// Calls (mixed outcomes), an SMS after payday when unreached, sometimes an email, an
    /// inbound contact, a reminder letter after payday, then one of the ``CollectionOutcome``s.
    func planCollection(_ i: Int, invoice: Int32, cents: Int64, due: Int) {
        var t = workday(due + within(i, 3...6))
        var unreached = 0
        for _ in 0..<within(i, 1...4) {
            let outcome: ContactOutcome = pick(i, [(.reached, 30), (.noAnswer, 45), (.voicemail, 20), (.wrongNumber, 5)])
            planContact(i, day: t, .phone, outcome, work: .call)
            if outcome == .reached { break }
            unreached += 1
            if outcome == .wrongNumber { plan(i, day: workday(t + 1), second: office(i), .workDone(.verifyContact, .done)) }
            t = workday(t + within(i, 2...4))
        }
        if unreached >= 2 {
            t = workday(payday(i, onOrAfter: t))
            planContact(i, day: t, .sms, chance(i, 90) ? .delivered : .bounced, work: .sms)
            t += 1
        }
        if chance(i, 20) {
            planContact(i, day: workday(t), .email, chance(i, 85) ? .delivered : .bounced, work: nil)
            t += 1
        }
        if chance(i, 18) {
            let channel: Channel = pick(i, [(.phone, 60), (.chat, 20), (.email, 20)])
            plan(i, day: t + below(i, 4), second: waking(i), .contact(channel, .inbound, .reached))
        }
        if chance(i, 60) {
            t = workday(payday(i, onOrAfter: max(t, due + 14)))
            planContact(i, day: t, .letter, .delivered, work: .reminderLetter)
            t += 1
        }
        let t1 = workday(t + within(i, 1...7))
        models[i].busyUntil = Int32(t1 + 45)
        switch CollectionOutcome.draw(models[i].profile, &models[i].rng) {
        case .pays:
            plan(i, day: payday(i, onOrAfter: t + below(i, 20)) + below(i, 3), second: waking(i),
                 .payment(cents: cents, invoice: chance(i, 50) ? invoice : nil))
        case .arrangement:
            planArrangement(i, from: t1, invoice: invoice, cents: cents)
        case .cannotPay:
            plan(i, day: t1, second: office(i), .contact(.phone, .inbound, .reached))
            plan(i, day: t1, second: 19 * 3600 + below(i, 3600), .signal(name: "cannot_pay", untilDay: nil, cleared: false))
            plan(i, day: workday(t1 + 1), second: office(i), .workDone(.referDebtHelp, .done))
            if chance(i, 50) {
                let help = t1 + within(i, 10...30)
                plan(i, day: help, second: office(i), .signal(name: "debt_help", untilDay: nil, cleared: false))
                plan(i, day: workday(help + within(i, 1...5)), second: office(i), .workDone(.informDebtHelper, .done))
                if chance(i, 25) { plan(i, day: help + within(i, 60...100), second: office(i), .signal(name: "debt_help", untilDay: nil, cleared: true)) }
            }
            if chance(i, 10) { plan(i, day: workday(t1 + within(i, 20...40)), second: office(i), .workDone(.signalMunicipality, .done)) }
        case .dispute:
            let channel: Channel = pick(i, [(.phone, 50), (.email, 50)])
            plan(i, day: t1, second: office(i), .contact(channel, .inbound, .reached))
            plan(i, day: t1, second: 19 * 3600 + below(i, 3600), .signal(name: "dispute", untilDay: nil, cleared: false))
            if chance(i, 65) {
                let review = workday(t1 + within(i, 3...14))
                let s = office(i)
                plan(i, day: review, second: s, .workDone(.reviewDispute, .done))
                plan(i, day: review, second: s + 600, .signal(name: "dispute", untilDay: nil, cleared: true))
                var rest = cents
                if chance(i, 50) {
                    let credit = max(1, cents * Int64(within(i, 10...100)) / 100)
                    plan(i, day: review, second: s + 900, .credit(invoice: invoice, cents: credit))
                    rest -= credit
                }
                if rest > 0 { plan(i, day: payday(i, onOrAfter: review + 1), second: waking(i), .payment(cents: rest, invoice: invoice)) }
            }
        case .breathingSpace:
            plan(i, day: t1, second: office(i), .signal(name: "breathing_space", untilDay: Int32(t1 + 60), cleared: false))
            plan(i, day: payday(i, onOrAfter: t1 + 61), second: waking(i), .payment(cents: cents, invoice: nil))
        case .illness:
            let until = t1 + within(i, 14...45)
            plan(i, day: t1, second: office(i), .signal(name: "illness", untilDay: Int32(until), cleared: false))
            plan(i, day: payday(i, onOrAfter: until + 1), second: waking(i), .payment(cents: cents, invoice: nil))
        case .nothing:
            if chance(i, 40) { planContact(i, day: workday(t1 + within(i, 14...30)), .letter, .delivered, work: .finalNotice) }
        }
    }

    /// An offered and agreed arrangement of three instalments on paydays, then completed,
    /// broken after the first instalment (and called again), or cancelled and paid at once.
    func planArrangement(_ i: Int, from t1: Int, invoice: Int32, cents: Int64) {
        let installment = (cents + 2) / 3
        let s = office(i)
        plan(i, day: t1, second: s, .workDone(.offerArrangement, .done))
        plan(i, day: t1, second: s + 600, .arrangement(.agreed, installmentCents: installment))
        let status: ArrangementStatus = pick(i, [(.completed, 55), (.broken, 35), (.cancelled, 10)])
        let p1 = payday(i, onOrAfter: t1 + 1)
        switch status {
        case .cancelled:
            let end = t1 + within(i, 5...15)
            plan(i, day: end, second: office(i), .arrangement(.cancelled, installmentCents: nil))
            plan(i, day: payday(i, onOrAfter: end), second: waking(i), .payment(cents: cents, invoice: invoice))
        case .broken:
            plan(i, day: p1, second: waking(i), .payment(cents: installment, invoice: invoice))
            let end = p1 + within(i, 30...40)
            plan(i, day: end, second: office(i), .arrangement(.broken, installmentCents: nil))
            if chance(i, 50) {
                planContact(i, day: workday(end + within(i, 2...5)), .phone, chance(i, 40) ? .reached : .noAnswer, work: .call)
            }
        default:
            let p2 = payday(i, onOrAfter: p1 + 20), p3 = payday(i, onOrAfter: p2 + 20)
            plan(i, day: p1, second: waking(i), .payment(cents: installment, invoice: invoice))
            plan(i, day: p2, second: waking(i), .payment(cents: installment, invoice: invoice))
            plan(i, day: p3, second: waking(i), .payment(cents: cents - 2 * installment, invoice: invoice))
            plan(i, day: p3 + 1, second: office(i), .arrangement(.completed, installmentCents: nil))
        }
    }
}
