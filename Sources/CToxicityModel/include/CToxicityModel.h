#ifndef CTOXICITYMODEL_H
#define CTOXICITYMODEL_H

#include <stddef.h>

/// The default toxicity model (rules/toxicity-model.tsv), compiled into the binary so that a gateway needs no
/// model file beside its rules.
const unsigned char *modgate_default_toxicity_model(void);
/// Its length in bytes.
size_t modgate_default_toxicity_model_size(void);

#endif
