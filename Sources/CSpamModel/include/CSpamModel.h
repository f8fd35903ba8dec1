#ifndef CSPAMMODEL_H
#define CSPAMMODEL_H

#include <stddef.h>

/// The default spam model's JSON (rules/spam-model.json, trained on SMS spam), compiled into the binary so that a
/// gateway needs no model file beside its rules.
const unsigned char *modgate_default_spam_model(void);
/// Its length in bytes.
size_t modgate_default_spam_model_size(void);

#endif
