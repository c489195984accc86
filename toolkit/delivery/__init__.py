"""Stage 4, delivery: each recipient's own copies of finished documents, and its e-mail.

Takes in: ``PersonalizeSettings`` (the recipients file, which documents, the method) and,
to mail them, ``MailSettings`` (message size, attachments, the SMTP server).
Gives out: per recipient, the documents with its name and contact in the reserved area
(``bases`` lays each document out once, ``areas`` finds the area, ``block`` lays the lines
out, ``stamp`` draws them onto the finished PDF), a zip ready to attach and a summary row
(``personalize``), with a record of what was written for the next run (``record``); then
its messages (``messages``: composed, split to the size budget, MIME), drafted as ``.eml``
files or sent over SMTP with a resumable send log (``sending``), in one pipeline
(``mail``). Renders documents only through ``builder`` and messages only through
``builder.messages`` (never templates or WeasyPrint directly).

May import: errors, files, documents, assets, content, press, checks, builder.
"""
