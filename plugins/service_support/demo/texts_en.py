"""The English words of the service demo: policies, articles, canned replies, tickets, visits, surveys, requirements."""
from types import SimpleNamespace

EN = SimpleNamespace(
    policies={"urgent": "Urgent tickets", "high": "High priority", "complaint": "Complaints",
              "default": "Standard service"},
    articles=[
        ("Cold store temperature out of range", "Faults", "cold store, temperature, alarm, cooling",
         "When the cold store stays more than 2 °C above its set point for 30 minutes:\n"
         "1. check the door is shut and the strip curtain intact;\n2. read the alarm code on the panel (E1 sensor, "
         "E3 high-pressure cut-out);\n3. check the condenser for dust and that the fans run;\n"
         "4. still warm: send an engineer at once and ask the customer to move perishables to the spare store.\n"
         "Attach the alarm code and the temperature curve to the ticket."),
        ("How invoices are issued", "Finance", "invoice, VAT, billing",
         "For a VAT invoice check the company name, tax number, address and bank account.\n"
         "Finance issues it within 3 working days of complete details; e-invoices go by email, paper ones by courier."
         "\nA wrong invoice is reissued once the original is returned."),
        ("Returns and exchanges", "After-sales policy", "return, exchange, defect, 7 days",
         "Within 7 days of delivery a defective product is returned or exchanged; within 15 days exchanged.\n"
         "Returns without a defect need the original packaging, shipping at the customer's cost.\n"
         "Custom-built and installed equipment is not returned without a defect. Refunds follow within 5 working days."),
        ("Data logger does not connect", "Faults", "logger, network, Wi-Fi, upload",
         "Check the battery, that the Wi-Fi is 2.4 GHz and the password has no special characters.\n"
         "Hold the set key for 5 seconds to pair again. Still failing: ask for the serial number and read the log."),
        ("Late deliveries", "Logistics", "delivery, delay, courier",
         "Look up the waybill and tell the customer the expected arrival first.\nMore than 2 days late: with the "
         "manager's approval send a replacement express, and note the cause on the ticket."),
        ("What the warranty covers", "After-sales policy", "warranty, repair, cost",
         "One year on the unit, three on the compressor, from delivery. Repairs within warranty are free unless "
         "caused by misuse; door seals and lamps are wear parts, charged from the price list."),
    ],
    replies=[
        ("Received, working on it", "Dear {contact}, we have your ticket {ticket} and are working on it. "
                                     "We will get back to you shortly. {agent}"),
        ("Need more details", "Dear {contact}, to solve this quickly please send the serial number and a photo of "
                              "the fault; just reply to this mail."),
        ("Solved", "Dear {contact}, ticket {ticket} is solved. If anything is still wrong, reply within 7 days and "
                   "we will pick it up again."),
        ("Apology for a complaint", "Dear {contact}, we are sorry for the trouble this caused {customer}. {agent} "
                                    "follows it personally and will call you today."),
        ("Engineer visit booked", "Dear {contact}, an engineer will come tomorrow morning and call you before "
                                  "leaving."),
    ],
    personal_replies=[("My sign-off", "Please do not hesitate to contact me. {agent}, {workspace} customer service")],
    subjects={
        "complaint": [("Delivery three days late", "Promised for Monday, delivered on Thursday: our production "
                                                   "waited."),
                      ("Installer was rude", "The installer was impatient and left the site dirty."),
                      ("Invoice still not issued", "Paid two weeks ago, still no VAT invoice; we close the month "
                                                   "soon."),
                      ("Refund not received", "Two loggers returned last month, no refund yet.")],
        "inquiry": [("What do you need for an invoice?", "We need a VAT invoice; which details do you need?"),
                    ("Warranty of the cold store unit", "Bought last year; how long is the compressor covered?"),
                    ("Test report for a tender", "Can you send the third-party test report?"),
                    ("How do I exchange a thermostat?", "We received the wrong model.")],
        "fault": [("Cold store temperature too high", "Store 3 is set to -18 °C and only reaches -10 °C; the alarm "
                                                      "keeps ringing."),
                  ("Logger stopped uploading", "The logger looks fine but the platform has no data since "
                                               "yesterday."),
                  ("Compressor starts and stops", "The unit starts every few minutes, very loud."),
                  ("Panel shows alarm E3", "After start-up the panel shows E3 and the unit stops.")],
        "requirement": [("Alarms by WeChat", "We want temperature alarms on WeChat; text messages are late."),
                        ("English manual", "Our foreign colleagues need an English manual."),
                        ("Quarterly inspection", "We would like an engineer to inspect every quarter."),
                        ("Export logger data to Excel", "The audit needs monthly exports.")],
    },
    first_replies=["Thank you, we are checking and will answer today.",
                   "Our engineer is looking at the details and will call you shortly.",
                   "Sorry for the trouble; we are checking with the warehouse and the carrier.",
                   "Here is how it works; see the details below."],
    pending_replies=["Could you send the serial number and a photo of the unit?",
                     "Please confirm your invoicing details (tax number, bank) have not changed.",
                     "Would tomorrow morning suit you for the engineer's visit?"],
    resolution_replies=["Solved: the engineer replaced the temperature sensor; the store is back at -18 °C.",
                        "The invoice is issued: the e-invoice is in your mailbox, the paper one on its way.",
                        "The refund is on its way back to your account, 1-3 working days.",
                        "Done as you asked; reply if anything is still wrong."],
    notes=["Warehouse confirms the goods left on Monday: the delay is real.", "Key account: plan a return visit.",
           "Engineer: condenser full of dust, offer a maintenance contract.", "Manager approved the express."],
    follow_up_outcomes={"satisfied": ["Customer says it is solved and liked the speed.",
                                      "Customer praised the engineer's visit."],
                        "unsatisfied": ["Still finds deliveries slow; wants notice next time."],
                        "unreachable": ["No answer twice; left a text message."]},
    survey_comments={5: "Quick and professional.", 4: "Good overall; replies could be faster.",
                     3: "Solved, but it took a while.", 2: "Had to explain it several times.",
                     1: "Very unhappy: a week to fix it."},
    requirements=[("Temperature alarms on WeChat", "Alert the staff on duty on WeChat when a store is too warm."),
                  ("English operating manual", "Manual and quick guide in English."),
                  ("Quarterly inspection service", "An engineer inspects every quarter and reports."),
                  ("Monthly Excel export of readings", "The audit needs monthly exports with a signature page."),
                  ("4G loggers", "Warehouses without Wi-Fi need loggers with a SIM card.")],
    vote_notes=["Raised again during the return visit.", "Required by their tender.", "Willing to pay for it."],
    status_comments={"under_review": "Passed to product management.", "planned": "Planned for next quarter.",
                     "done": "Released; the customers who asked were told.",
                     "declined": "Not in our product direction; explained to the customers."},
    answers=["Called the customer about the progress.", "Product needs more use cases; sales to add them."],
)
