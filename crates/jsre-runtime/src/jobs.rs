//! The promise job queue and the rejection tracker.
//!
//! Boa's default executor also runs timers and spins while it waits for them; ours only
//! queues promise jobs. Timers live in the reactor and run in the turn.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use boa_engine::builtins::promise::OperationType;
use boa_engine::context::HostHooks;
use boa_engine::job::{GenericJob, Job, JobExecutor, PromiseJob};
use boa_engine::object::builtins::JsPromise;
use boa_engine::realm::Realm;
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsString};

/// Promise and generic jobs, run in FIFO order by [`crate::turn::run_jobs`].
#[derive(Default)]
pub struct JobQueue {
    promise_jobs: RefCell<VecDeque<PromiseJob>>,
    generic_jobs: RefCell<VecDeque<GenericJob>>,
}

impl JobQueue {
    /// Whether any job waits.
    pub fn is_empty(&self) -> bool {
        self.promise_jobs.borrow().is_empty() && self.generic_jobs.borrow().is_empty()
    }

    /// Runs jobs until the queue is empty, stopping at the first uncaught error.
    pub fn drain(&self, ctx: &mut Context) -> JsResult<()> {
        loop {
            // Take the job out before running it: a job queues more jobs.
            let promise_job = self.promise_jobs.borrow_mut().pop_front();
            if let Some(job) = promise_job {
                job.call(ctx)?;
                continue;
            }
            let generic_job = self.generic_jobs.borrow_mut().pop_front();
            match generic_job {
                Some(job) => {
                    job.call(ctx)?;
                }
                None => return Ok(()),
            }
        }
    }
}

impl JobExecutor for JobQueue {
    fn enqueue_job(self: Rc<Self>, job: Job, _ctx: &mut Context) {
        match job {
            Job::PromiseJob(job) => self.promise_jobs.borrow_mut().push_back(job),
            Job::GenericJob(job) => self.generic_jobs.borrow_mut().push_back(job),
            // Timeouts, intervals and async jobs are not produced by the engine for
            // scripts; our timers are the reactor's. Dropping them is the honest choice.
            _ => {}
        }
    }

    fn run_jobs(self: Rc<Self>, ctx: &mut Context) -> JsResult<()> {
        self.drain(ctx)
    }
}

/// Host hooks: tracks promises rejected without a handler, and refuses code for `eval`
/// and `Function` that nests too deeply for Boa's parser (see [`crate::nesting`]).
pub struct Hooks {
    /// Shared with the [`crate::host::Host`], which reports what is left after a drain.
    pub rejections: Rc<RefCell<Vec<JsObject>>>,
}

impl HostHooks for Hooks {
    fn promise_rejection_tracker(
        &self,
        promise: &JsObject<boa_engine::builtins::promise::Promise>,
        operation: OperationType,
        _ctx: &mut Context,
    ) {
        let promise = promise.clone().upcast();
        let mut list = self.rejections.borrow_mut();
        match operation {
            OperationType::Reject => list.push(promise),
            OperationType::Handle => list.retain(|p| !JsObject::equals(p, &promise)),
        }
    }

    fn ensure_can_compile_strings(
        &self,
        _realm: Realm,
        parameters: &[JsString],
        body: &JsString,
        _direct: bool,
        _ctx: &mut Context,
    ) -> JsResult<()> {
        // What Boa parses: for `Function`, its parameters joined into one list, then the
        // body (ECMA-262 CreateDynamicFunction); for `eval`, the body alone.
        let code = if parameters.is_empty() {
            body.to_std_string_lossy()
        } else {
            let list: Vec<String> = parameters.iter().map(|p| p.to_std_string_lossy()).collect();
            format!(
                "({}\n) {{\n{}\n}}",
                list.join(","),
                body.to_std_string_lossy()
            )
        };
        if let Err(deep) = crate::nesting::check(&code) {
            return Err(JsNativeError::range()
                .with_message(format!(
                    "eval/Function: line {} of the code: {deep}",
                    deep.line
                ))
                .into());
        }
        Ok(())
    }
}

/// The reason of the first promise still rejected without a handler, if any.
pub fn take_unhandled(rejections: &RefCell<Vec<JsObject>>) -> Option<boa_engine::JsValue> {
    let first = {
        let mut list = rejections.borrow_mut();
        if list.is_empty() {
            return None;
        }
        list.remove(0)
    };
    let promise = JsPromise::from_object(first).ok()?;
    match promise.state() {
        boa_engine::builtins::promise::PromiseState::Rejected(reason) => Some(reason),
        _ => None,
    }
}
