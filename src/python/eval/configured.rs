//! Calls of what the config names (`sinks`, `sanitizers`, `sources`): functions and
//! methods in code the project index cannot see, such as a wrapper in a dependency.

use super::calls::Call;
use super::sink_calls::argument;
use crate::python::catalogue::{Argument, Sink};
use crate::python::flow::Analyzer;
use crate::python::sinks::SQL_KEYWORDS;
use crate::python::value::{Origin, Trust, Value};

impl<'a> Analyzer<'_, 'a> {
    /// The value of a call the config describes, when it describes it.
    pub(super) fn configured_call(&mut self, call: &Call<'a>) -> Option<Value> {
        let catalogue = self.module.catalogue()?;
        let path = call.path.as_deref();
        if let Some(path) = path {
            if catalogue.sanitizers.iter().any(|t| t.path() == path) {
                return Some(Value::constant());
            }
            if catalogue.sources.iter().any(|t| t.path() == path) {
                return Some(Value::opaque(Trust::Untrusted, Origin::ConfiguredSource));
            }
        }
        let receiver_class = match &call.receiver {
            Some(Value::Object(instance)) => Some(instance.class.as_ref()),
            _ => None,
        };
        let sink = catalogue
            .sinks
            .iter()
            .find(|sink| match &sink.target.class {
                Some(_) => {
                    call.method == Some(sink.target.name.as_str())
                        && receiver_class
                            .is_some_and(|c| Some(c.to_string()) == sink.target.class_key())
                }
                None => path == Some(sink.target.path().as_str()),
            });
        if let Some(sink) = sink {
            self.configured_sink(call, sink);
            return Some(Value::opaque(Trust::Untrusted, Origin::Call));
        }
        // The constructor of a configured method's class makes an instance of it.
        path.and_then(|p| catalogue.class_of(p)).map(Value::object)
    }

    /// The SQL argument of a configured sink: the first one (or a SQL keyword) by default,
    /// else the position or the keyword the entry names.
    fn configured_sink(&mut self, call: &Call<'a>, sink: &Sink) {
        let found = match &sink.argument {
            Argument::Position(0) => argument(call, &SQL_KEYWORDS),
            Argument::Position(index) => call.positional(*index),
            Argument::Name(name) => call.keyword(&[name.as_str()]),
        };
        if let Some((expr, value)) = found {
            let params_passed = call.args.len() + call.keywords.len() > 1;
            self.record_statement(call.expr, expr, value, params_passed);
        }
    }
}
